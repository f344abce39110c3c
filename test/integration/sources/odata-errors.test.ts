/** Failures of the Alerts API and Graph sources against the simulated tenant: rate limits, tokens, bodies, links. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AlertsConfig } from "../../../src/sources/alerts/options.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSource } from "../../../src/sources/registry.js";
import { counter, modernConfigFor, sourceDeps, testDeps, type TestDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const WINDOW = { since: new Date(NOW - 3_600_000), until: new Date(NOW) };
const APIS = [
  {
    api: "alerts",
    name: "Alerts",
    path: "/mde/api/alerts",
    limit: 100,
    time: "lastUpdateTime",
    permission: "Alert.Read.All",
  },
  {
    api: "graph",
    name: "Graph",
    path: "/v1.0/security/alerts_v2",
    limit: 150,
    time: "lastUpdateDateTime",
    permission: "SecurityAlert.Read.All",
  },
] as const;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0 });
  for (let i = 0; i < 160; i++) sim.tenant.add({ lastProcessed: NOW - 3_000_000 + i * 1000 });
});
afterEach(() => {
  sim.clock.set(NOW);
  sim.resetLimits();
  sim.faults.clear();
  sim.requests.length = 0;
});
afterAll(() => sim.close());

describe.each(APIS)("$name source errors", ({ api, name, path, limit, time, permission }) => {
  const calls = () => sim.requests.filter((r) => r.path === path).map((r) => r.status);
  function setup(overrides: Partial<AlertsConfig> = {}): {
    deps: TestDeps;
    fetch: () => Promise<{ record: Record<string, unknown> }[]>;
  } {
    const config = modernConfigFor(sim, api, { maxRetries: 3, ...overrides });
    const deps = testDeps(sim);
    const source = createSource(config, sourceDeps(config, deps));
    return { deps, fetch: () => source.fetch(WINDOW) };
  }

  it(`keeps under ${limit} requests a minute by itself, so the API never answers 429`, async () => {
    const { deps, fetch } = setup({ pageSize: 1 });
    expect(await fetch()).toHaveLength(160);
    expect(calls().filter((s) => s === 429)).toEqual([]);
    expect(calls()).toHaveLength(160);
    expect(deps.sleeps.length).toBeGreaterThan(0);
    expect(deps.sleeps.every((ms) => ms <= 60_000)).toBe(true);
  });

  it("waits the Retry-After of the API's own 429 when allowed more requests than the API takes", async () => {
    const { deps, fetch } = setup({ pageSize: 1, requestsPerMinute: 1000, requestsPerHour: 100_000 });
    expect(await fetch()).toHaveLength(160);
    expect(calls().filter((s) => s === 429)).toHaveLength(1);
    expect(calls().indexOf(429)).toBe(limit);
    expect(deps.sleeps).toEqual([60_000]);
    expect(await counter(deps.metrics, "mdefwd_api_requests_total", { endpoint: api, status: "429" })).toBe(1);
  });

  it("refuses a token for another API with a clear error, after one fresh token", async () => {
    const other =
      api === "alerts" ? "https://graph.microsoft.com/.default" : "https://api.securitycenter.microsoft.com/.default";
    const { fetch } = setup({ scope: other });
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_UNAUTHORIZED",
      message: expect.stringContaining(`the ${name} API refused a freshly obtained token (HTTP 401)`) as unknown,
    });
    expect(calls()).toEqual([401, 401]);
  });

  it(`says which permission a 403 lacks, and how to grant it`, async () => {
    sim.faults.add("api", { kind: "status", status: 403 });
    const { fetch } = setup();
    const err = (await fetch().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(err).toMatchObject({ code: "E_API_FORBIDDEN" });
    expect(err.message).toContain(
      `(HTTP 403): the token lacks the permission: grant the application the application permission ${permission}`,
    );
    expect(err.message).toContain("Grant admin consent");
    expect(err.message.split("\n")).toHaveLength(1);
  });

  it("quotes the API's error body on a 400", async () => {
    sim.faults.add("api", {
      kind: "status",
      status: 400,
      body: '{"error":{"code":"ODataError","message":"Invalid OData URI query"}}',
    });
    const { fetch } = setup();
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_REQUEST",
      message: expect.stringContaining("Invalid OData URI query") as unknown,
    });
  });

  it("retries a response cut off in the middle of the page", async () => {
    sim.faults.add("api", { kind: "truncate", afterRecords: 10 });
    sim.faults.add("api", { kind: "truncate", afterRecords: 3, clean: true });
    const { deps, fetch } = setup();
    expect(await fetch()).toHaveLength(160);
    expect(deps.sleeps).toEqual([500, 1000]);
    expect(deps.logs.join("")).toContain("the response body ended before the end of the OData response");
  });

  it("reports and skips alerts without an id or a readable last-update time", async () => {
    const body = JSON.stringify({
      value: [
        { id: "ok", [time]: "2024-05-01T11:30:00Z" },
        { [time]: "2024-05-01T11:30:00Z" },
        { id: "bad", [time]: "soon" },
        "text",
      ],
    });
    sim.faults.add("api", { kind: "malformed", body });
    const { deps, fetch } = setup();
    expect((await fetch()).map((r) => r.record.id)).toEqual(["ok"]);
    expect(await counter(deps.metrics, "mdefwd_records_skipped_total", { reason: "no-identity" })).toBe(1);
    expect(await counter(deps.metrics, "mdefwd_records_skipped_total", { reason: "bad-time" })).toBe(1);
    expect(await counter(deps.metrics, "mdefwd_records_skipped_total", { reason: "not-an-object" })).toBe(1);
    expect(deps.logs.join("")).toContain(
      `skipped a malformed ${name} record (#2): alert bad: ${time} \\"soon\\" is not a time`,
    );
  });

  it("fails clearly on a body that is not an OData response, after retrying", async () => {
    sim.faults.add("api", { kind: "malformed" }, 5);
    const { fetch } = setup({ maxRetries: 1 });
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_BODY",
      message: expect.stringContaining('it starts with "<", not an object') as unknown,
    });
  });

  it("stops when the API sends the same next link twice", async () => {
    const loop = `${sim.apiUrls[api]}${path.replace(/^\/mde/, "")}?$skiptoken=again`;
    sim.faults.add("api", { kind: "malformed", body: JSON.stringify({ value: [], "@odata.nextLink": loop }) }, 2);
    const { fetch } = setup();
    await expect(fetch()).rejects.toMatchObject({
      code: "E_API_PAGING",
      message: expect.stringContaining("sent the same @odata.nextLink twice") as unknown,
    });
  });

  it("sends a next link's query to the configured URL, never its token to another host", async () => {
    sim.faults.add("api", {
      kind: "malformed",
      body: JSON.stringify({ value: [], "@odata.nextLink": `https://elsewhere.example${path}?$top=7&marker=x` }),
    });
    const { fetch } = setup();
    await fetch();
    expect(sim.requests.filter((r) => r.path === path).map((r) => r.query)[1]).toEqual({ $top: ["7"], marker: ["x"] });
  });
});
