/**
 * No redirect is followed, neither by the token request (it carries the client secret or assertion) nor by an API
 * request (it carries the access token): a 3xx fails with one line naming the target, the target never hears from
 * the forwarder, and a cycle never counts another origin's answer as the API's.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { globalAgent } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../../src/auth/token-provider.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSiemSource } from "../../../src/sources/siem/index.js";
import { makeCerts, type TestCerts } from "../../support/certs.js";
import { runCli } from "../../support/cli.js";
import { hostileServer, json, type HostileServer } from "../../support/hostile-server.js";
import { sourceConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";
import { tempDir } from "../../support/temp.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const WINDOW = { since: new Date(NOW - 3_600_000), until: new Date(NOW) };
let sim: Simulator;
let certs: TestCerts;
/** Records whatever reaches it and answers like a willing API or token endpoint. */
let elsewhere: HostileServer;

beforeAll(async () => {
  [sim, certs] = await Promise.all([startSimulator({ now: NOW, ratePerMinute: 0 }), makeCerts()]);
  sim.tenant.addRecords(5, NOW - 3_600_000, NOW);
  elsewhere = await hostileServer((req, res) =>
    req.path.includes("token")
      ? json(res, 200, { token_type: "Bearer", expires_in: 3599, access_token: "stolen-and-accepted" })
      : json(res, 200, []),
  );
});
afterAll(() => sim.close());

/** An endpoint that answers everything with `status` and a Location pointing at `target`. */
const redirecting = (status: number, target: () => string, tls?: TestCerts["server"]) =>
  hostileServer((_req, res) => void res.writeHead(status, { location: target() }).end(), tls);

describe("token endpoint redirects", () => {
  it.each([301, 302, 303, 307, 308])("a %i is not followed: the secret never reaches the target", async (status) => {
    const target = `${elsewhere.url}/tenant/oauth2/token`;
    const token = await redirecting(status, () => target);
    const deps = testDeps(sim);
    const provider = createTokenProvider(sourceConfigFor(sim, { tokenUrl: `${token.url}/t/oauth2/token` }), deps);
    const error = await provider.token().catch((err: unknown) => err);
    expect(error).toMatchObject({ code: "E_AUTH_REDIRECT", message: expect.stringContaining(target) as unknown });
    expect((error as Error).message).not.toContain(sim.clientSecret);
    expect(token.received).toHaveLength(1);
    expect(token.received[0]!.body).toContain("client_secret=");
    expect(elsewhere.received).toEqual([]);
  });
});

describe("API redirects", () => {
  it("an https API redirecting to http on the same host: not followed, the token never goes out in clear", async () => {
    globalAgent.options.ca = readFileSync(certs.ca);
    const plain = await hostileServer((_req, res) => json(res, 200, []));
    const api = await redirecting(307, () => `${plain.url}/api/alerts`, certs.server);
    const config = sourceConfigFor(sim, { url: api.url, maxRetries: 2 });
    const deps = testDeps(sim);
    const source = createSiemSource(config, sourceDeps(config, deps));
    const error = await source.fetch(WINDOW).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: "E_API_REDIRECT",
      message: expect.stringContaining(`HTTP 307 redirecting to ${plain.url}/api/alerts`) as unknown,
    });
    expect(api.received).toHaveLength(1);
    expect(api.received[0]!.headers.authorization).toMatch(/^Bearer /);
    expect(plain.received).toEqual([]);
    expect(deps.sleeps).toEqual([]);
  });

  it("a cycle whose API redirects to another origin's empty answer fails and moves no checkpoint", async () => {
    const api = await redirecting(302, () => `${elsewhere.url}/api/alerts`);
    const stateDir = tempDir();
    const config = join(stateDir, "config.yaml");
    const snippet = sim.configSnippet().replace(/url: .*/, `url: ${api.url}`);
    writeFileSync(
      config,
      `${snippet}\noutput:\n  transport: file\n  path: ${join(stateDir, "out.log")}\nstate:\n  dir: ${stateDir}\n` +
        "health:\n  listen: off\n",
    );
    const before = elsewhere.received.length;
    const result = await runCli(["once", "-c", config, "--since", "PT1H"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`redirecting to ${elsewhere.url}/api/alerts`);
    expect(elsewhere.received.length).toBe(before);
    const checkpoints = readdirSync(stateDir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => (JSON.parse(readFileSync(join(stateDir, f), "utf8")) as { checkpoint: unknown }).checkpoint);
    expect(checkpoints.filter((c) => c !== null)).toEqual([]);
  });
});
