/** The token provider against the simulated Entra ID: caching, renewal, single flight, errors, no secret leaks. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../../src/auth/token-provider.js";
import type { SiemConfig } from "../../../src/sources/siem/options.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { counter, sourceConfigFor, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, clientSecret: "s3cr3t-Value~with.chars" });
});
afterEach(() => {
  sim.clock.set(NOW);
  sim.faults.clear();
  sim.requests.length = 0;
  sim.entra.tokenLifetimeSeconds = 3599;
});
afterAll(() => sim.close());

function provider(overrides: Partial<SiemConfig> = {}) {
  const deps = testDeps(sim);
  return { deps, tokens: createTokenProvider(sourceConfigFor(sim, overrides), deps) };
}

const tokenRequests = () => sim.requests.filter((r) => r.path.endsWith("/token"));
const authorizes = (token: { reveal(): string }) => sim.entra.authorized(`Bearer ${token.reveal()}`, sim.resource);

describe("token provider", () => {
  it("gets a v1 token with resource (expires_in as a string) and caches it", async () => {
    const { deps, tokens } = provider();
    const first = await tokens.token();
    expect(authorizes(first)).toBe(true);
    expect(String(first)).toBe("[redacted]");
    expect((await tokens.token()).reveal()).toBe(first.reveal());
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]!.userAgent).toBe("mde-forwarder");
    expect(await counter(deps.metrics, "mdefwd_token_refreshes_total", { result: "success" })).toBe(1);
  });

  it("gets a v2 token with scope (expires_in as a number)", async () => {
    const { tokens } = provider({ tokenUrl: sim.tokenUrlV2, scope: `${sim.resource}/.default` });
    expect(authorizes(await tokens.token())).toBe(true);
    expect(tokenRequests()[0]!.path).toMatch(/\/oauth2\/v2\.0\/token$/);
  });

  it("asks once for concurrent callers", async () => {
    const { tokens } = provider();
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => tokens.token()));
    expect(new Set(all.map((t) => t.reveal())).size).toBe(1);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("renews a few minutes before expiry, not before", async () => {
    const { tokens } = provider();
    const first = await tokens.token();
    sim.clock.advance(3599_000 - 301_000);
    expect((await tokens.token()).reveal()).toBe(first.reveal());
    sim.clock.advance(2_000);
    const second = await tokens.token();
    expect(second.reveal()).not.toBe(first.reveal());
    expect(authorizes(first)).toBe(true);
    expect(tokenRequests()).toHaveLength(2);
  });

  it("renews short-lived tokens at four fifths of their life", async () => {
    sim.entra.tokenLifetimeSeconds = 60;
    const { tokens } = provider();
    const first = await tokens.token();
    sim.clock.advance(47_000);
    expect((await tokens.token()).reveal()).toBe(first.reveal());
    sim.clock.advance(2_000);
    expect((await tokens.token()).reveal()).not.toBe(first.reveal());
  });

  it("keeps the current token while it is valid if an early renewal fails", async () => {
    const { deps, tokens } = provider({ maxRetries: 0 });
    const first = await tokens.token();
    sim.clock.advance(3599_000 - 60_000);
    sim.faults.add("token", { kind: "status", status: 503 });
    expect((await tokens.token()).reveal()).toBe(first.reveal());
    expect(deps.logs.join("")).toContain("using the current one until it expires");
  });

  it("gets a new token after invalidate()", async () => {
    const { tokens } = provider();
    const first = await tokens.token();
    tokens.invalidate();
    expect((await tokens.token()).reveal()).not.toBe(first.reveal());
  });

  it.each([
    [7000215, /\(AADSTS7000215\): the client secret is wrong/],
    [7000222, /\(AADSTS7000222\): the client secret has expired/],
    [700016, /\(AADSTS700016\): the application was not found in the tenant/],
    [90002, /\(AADSTS90002\): the tenant was not found/],
    [70011, /\(AADSTS70011\): the scope is not valid/],
  ])("turns AADSTS%i into one clear line, without retrying", async (aadsts, message) => {
    sim.faults.add("token", { kind: "entra", aadsts });
    const { deps, tokens } = provider();
    await expect(tokens.token()).rejects.toMatchObject({
      code: "E_AUTH",
      message: expect.stringMatching(message) as unknown,
    });
    expect(tokenRequests()).toHaveLength(1);
    expect(await counter(deps.metrics, "mdefwd_token_refreshes_total", { result: "failure" })).toBe(1);
  });

  it("gets the real refusals from the simulated Entra ID for a wrong secret, client, tenant or scope", async () => {
    const wrong = async (overrides: Partial<SiemConfig>) =>
      provider(overrides)
        .tokens.token()
        .catch((err: Error) => err.message);
    const { Secret } = await import("../../../src/config/secret.js");
    expect(await wrong({ credential: { kind: "secret", secret: new Secret("nope") } })).toMatch(/AADSTS7000215/);
    expect(await wrong({ clientId: "00000000-0000-0000-0000-000000000000" })).toMatch(/AADSTS700016/);
    expect(await wrong({ tokenUrl: `${sim.url}/contoso.onmicrosoft.com/oauth2/token` })).toMatch(/AADSTS90002/);
    expect(await wrong({ tokenUrl: sim.tokenUrlV2, scope: "https://wrong.example/.default" })).toMatch(/AADSTS70011/);
    expect(await wrong({ resource: "https://wrong.example" })).toMatch(/AADSTS500011/);
  });

  it("retries 5xx and network failures of the token endpoint, bounded", async () => {
    sim.faults.add("token", { kind: "status", status: 503 }, 2);
    const { deps, tokens } = provider({ maxRetries: 3 });
    await tokens.token();
    expect(deps.sleeps).toEqual([500, 1000]);
    const closed = provider({ tokenUrl: "http://127.0.0.1:1/t/oauth2/token", maxRetries: 2 });
    await expect(closed.tokens.token()).rejects.toMatchObject({
      code: "E_AUTH_NETWORK",
      message: expect.stringContaining("ECONNREFUSED") as unknown,
    });
    expect(closed.deps.sleeps).toEqual([500, 1000]);
  });

  it("never puts the secret or a token in logs or errors", async () => {
    const { deps, tokens } = provider({ maxRetries: 1 });
    const token = await tokens.token();
    sim.faults.add("token", { kind: "entra", aadsts: 7000215 });
    tokens.invalidate();
    const error = await tokens.token().catch((err: unknown) => err);
    const seen = `${deps.logs.join("")}\n${String(error)}\n${JSON.stringify(error)}`;
    expect(seen).not.toContain(sim.clientSecret);
    expect(seen).not.toContain(token.reveal());
  });
});
