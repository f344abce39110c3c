/** Every failure path of the SIEM source against the simulated tenant: what is retried, how often, after what wait. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "../../../src/errors.js";
import type { SiemConfig } from "../../../src/sources/siem/options.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSiemSource } from "../../../src/sources/siem/index.js";
import {
  asPipelineReads,
  counter,
  sourceConfigFor,
  sourceDeps,
  testDeps,
  type TestDeps,
} from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const WINDOW = { since: new Date(NOW - 3_600_000), until: new Date(NOW) };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0 });
  sim.tenant.addRecords(40, NOW - 3_600_000, NOW);
});
afterEach(() => {
  sim.clock.set(NOW);
  sim.faults.clear();
  sim.requests.length = 0;
});
afterAll(() => sim.close());

function setup(overrides: Partial<SiemConfig> = {}): { deps: TestDeps; fetch: () => Promise<unknown[]> } {
  const config = sourceConfigFor(sim, { maxRetries: 3, ...overrides });
  const deps = testDeps(sim);
  const source = asPipelineReads(createSiemSource(config, sourceDeps(config, deps)));
  return { deps, fetch: () => source.fetch(WINDOW) };
}

const apiCalls = () => sim.requests.filter((r) => r.path === "/api/alerts").map((r) => r.status);
const tokenCalls = () => sim.requests.filter((r) => r.path.endsWith("/token")).length;

describe("SIEM source errors", () => {
  it("retries 5xx with exponential backoff, then succeeds", async () => {
    sim.faults.add("api", { kind: "status", status: 500 }, 2);
    const { deps, fetch } = setup();
    expect(await fetch()).toHaveLength(40);
    expect(apiCalls()).toEqual([500, 500, 200]);
    expect(deps.sleeps).toEqual([500, 1000]);
    expect(await counter(deps.metrics, "mdefwd_api_requests_total", { endpoint: "siem", status: "500" })).toBe(2);
    expect(await counter(deps.metrics, "mdefwd_api_requests_total", { endpoint: "siem", status: "200" })).toBe(1);
  });

  it("gives up after maxRetries retries with a clear error", async () => {
    sim.faults.add("api", { kind: "status", status: 503, body: "maintenance" }, 10);
    const { deps, fetch } = setup({ maxRetries: 3 });
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_UNAVAILABLE",
      message: "the SIEM API answered HTTP 503 (the API said: maintenance); gave up after 3 retries",
    });
    expect(apiCalls()).toEqual([503, 503, 503, 503]);
    expect(deps.sleeps).toEqual([500, 1000, 2000]);
  });

  it("waits a 429's Retry-After in seconds", async () => {
    sim.faults.add("api", { kind: "status", status: 429, retryAfter: 7 });
    const { deps, fetch } = setup();
    expect(await fetch()).toHaveLength(40);
    expect(deps.sleeps).toEqual([7000]);
    expect(apiCalls()).toEqual([429, 200]);
  });

  it("waits a 429's Retry-After given as an HTTP date", async () => {
    sim.faults.add("api", { kind: "status", status: 429, retryAfter: new Date(NOW + 42_000).toUTCString() });
    const { deps, fetch } = setup();
    await fetch();
    expect(deps.sleeps).toEqual([42_000]);
  });

  it("backs off on a 429 without Retry-After", async () => {
    sim.faults.add("api", { kind: "status", status: 429 });
    const { deps, fetch } = setup();
    await fetch();
    expect(deps.sleeps).toEqual([500]);
  });

  it("fails at once when Retry-After asks for more than maxRetryWait", async () => {
    sim.faults.add("api", { kind: "status", status: 429, retryAfter: 3600 });
    const { deps, fetch } = setup({ maxRetryWait: 300_000 });
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_RATE_LIMITED",
      message: expect.stringContaining("longer than source.maxRetryWait (300 s)") as unknown,
    });
    expect(deps.sleeps).toEqual([]);
    expect(apiCalls()).toEqual([429]);
  });

  it("fails at once on 403, saying what Microsoft's 403 means and which application and roles it takes", async () => {
    sim.faults.add("api", { kind: "status", status: 403 });
    const { deps, fetch } = setup();
    const err = (await fetch().then(
      () => undefined,
      (e: unknown) => e,
    )) as AppError;
    expect(err).toMatchObject({ code: "E_API_FORBIDDEN" });
    expect(err.message).toMatch(
      /^the SIEM API refused the request \(HTTP 403\): Microsoft says a domain is not managed by the tenant's administrator, or the tenant is deleted: check that source.tenantId is your tenant, and that source.clientId is the application the Defender portal's Settings > SIEM > Enable SIEM integration created \(enabling it takes a Security Administrator/,
    );
    expect(err.message.split("\n")).toHaveLength(1);
    expect(deps.sleeps).toEqual([]);
  });

  it("fails at once on another 4xx, quoting the API", async () => {
    sim.faults.add("api", { kind: "status", status: 400, body: "bad sinceTimeUtc" });
    const { fetch } = setup();
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_REQUEST",
      message: expect.stringContaining("HTTP 400 (the API said: bad sinceTimeUtc)") as unknown,
    });
    expect(apiCalls()).toEqual([400]);
  });

  it("on 401 gets a fresh token once and retries once", async () => {
    const { deps, fetch } = setup();
    await fetch();
    sim.entra.expireAll();
    expect(await fetch()).toHaveLength(40);
    expect(apiCalls()).toEqual([200, 401, 200]);
    expect(tokenCalls()).toBe(2);
    expect(deps.sleeps).toEqual([]);
  });

  it("on a second 401 stops with a clear error", async () => {
    sim.faults.add("api", { kind: "status", status: 401 }, 2);
    const { fetch } = setup();
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_UNAUTHORIZED",
      message: expect.stringContaining("refused a freshly obtained token (HTTP 401)") as unknown,
    });
    expect(apiCalls()).toEqual([401, 401]);
    expect(tokenCalls()).toBe(2);
  });

  it("retries a connection closed before any response", async () => {
    sim.faults.add("api", { kind: "reset" });
    const { deps, fetch } = setup();
    expect(await fetch()).toHaveLength(40);
    expect(deps.sleeps).toEqual([500]);
    expect(await counter(deps.metrics, "mdefwd_api_requests_total", { endpoint: "siem", status: "0" })).toBe(1);
  });

  it("retries a response slower than requestTimeout", async () => {
    sim.faults.add("api", { kind: "slow", delayMs: 1500 });
    const { deps, fetch } = setup({ requestTimeout: 300 });
    expect(await fetch()).toHaveLength(40);
    expect(deps.sleeps).toEqual([500]);
    expect(deps.logs.join("")).toMatch(/Timeout awaiting 'request' for 300ms/);
  });

  it("retries a body cut off mid-array, whether the connection drops or the body just ends", async () => {
    sim.faults.add("api", { kind: "truncate", afterRecords: 10 });
    sim.faults.add("api", { kind: "truncate", afterRecords: 5, clean: true });
    const { deps, fetch } = setup();
    expect(await fetch()).toHaveLength(40);
    expect(deps.sleeps).toEqual([500, 1000]);
    expect(deps.logs.join("")).toContain("the response body ended in the middle of the array (after 4 elements)");
  });

  it("fails the cycle cleanly on a body that is not a JSON array, without retrying", async () => {
    sim.faults.add("api", { kind: "malformed" });
    const { deps, fetch } = setup();
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_BODY",
      message: 'the response body is not a JSON array: it starts with "<"',
    });
    expect(deps.sleeps).toEqual([]);
  });

  it("skips and counts malformed records, keeping the rest", async () => {
    const at = NOW - 100_000;
    sim.tenant.store.addRawSiem({
      at,
      visibleAt: at,
      record: { AlertId: "da1", LastProcessedTimeUtc: "2024-05-01T11:58:20Z" },
    });
    sim.tenant.store.addRawSiem({ at, visibleAt: at, record: { FullId: "da2:x", LastProcessedTimeUtc: "not a time" } });
    sim.tenant.store.addRawSiem({ at, visibleAt: at, record: "just text" });
    sim.tenant.store.addRawSiem({
      at,
      visibleAt: at,
      record: { fullid: "da3:y", lastprocessedtimeutc: "2024-05-01T11:58:20.1234567Z", surprise: [1] },
    });
    const { deps, fetch } = setup();
    const records = (await fetch()) as { identity: string; record: Record<string, unknown> }[];
    expect(records).toHaveLength(41);
    expect(records.find((r) => r.identity === "da3:y")?.record).toEqual({
      FullId: "da3:y",
      LastProcessedTimeUtc: "2024-05-01T11:58:20.1234567Z",
      surprise: [1],
    });
    for (const reason of ["no-identity", "bad-time", "not-an-object"]) {
      expect(await counter(deps.metrics, "mdefwd_records_skipped_total", { reason })).toBe(1);
    }
    expect(deps.logs.join("")).toContain("skipped a malformed SIEM record");
  });

  it("stops at once, without retrying, when the cycle is aborted", async () => {
    sim.faults.add("api", { kind: "slow", delayMs: 2000 });
    const config = sourceConfigFor(sim);
    const deps = testDeps(sim);
    const source = createSiemSource(config, sourceDeps(config, deps));
    const controller = new AbortController();
    const fetching = source.fetch(WINDOW, controller.signal);
    while (!sim.requests.some((r) => r.path.endsWith("/token"))) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await expect(fetching).rejects.toMatchObject({ name: "AbortError" });
    expect(deps.sleeps).toEqual([]);
  });

  it("keeps within requestsPerMinute by waiting before the request that would exceed it", async () => {
    const { deps, fetch } = setup({ requestsPerMinute: 2, maxWindow: 20 * 60_000 });
    await fetch();
    expect(apiCalls()).toHaveLength(3);
    expect(deps.sleeps).toEqual([60_000]);
  });
});
