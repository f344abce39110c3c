/**
 * Limits against hostile APIs on loopback: a record too large to hold is counted, logged with its id and skipped while
 * the rest of the window is read; an API paging without end fails the query after source.maxPages; a cycle that does
 * not end stops at source.cycleDeadline with one clear error.
 */
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/config/load.js";
import { Metrics } from "../../../src/health/metrics.js";
import { assembleForwarder } from "../../../src/pipeline/assemble.js";
import { siemRecords, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createGraphSource } from "../../../src/sources/graph/index.js";
import { createSiemSource } from "../../../src/sources/siem/index.js";
import { hostileServer, json } from "../../support/hostile-server.js";
import { counter, modernConfigFor, sourceConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";
import { tempDir } from "../../support/temp.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const WINDOW = { since: new Date(NOW - 3_600_000), until: new Date(NOW) };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0 });
});
afterAll(() => sim.close());

describe("source.maxRecordBytes", () => {
  it("a 16 MiB record is skipped, counted and logged with its id; the records around it are read", async () => {
    const [first, second] = sim.tenant.addRecords(2, NOW - 3_000_000, NOW - 60_000).flatMap((a) => siemRecords(a));
    const giant = { ...first, AlertId: "da-giant-1", FullId: "da-giant-1", Description: "x".repeat(16 * 1024 * 1024) };
    const api = await hostileServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`[${JSON.stringify(first)},`);
      res.write(JSON.stringify(giant));
      res.end(`,${JSON.stringify(second)}]`);
    });
    const config = sourceConfigFor(sim, { url: api.url, maxRecordBytes: 1024 * 1024 });
    const deps = testDeps(sim);
    const records = await createSiemSource(config, sourceDeps(config, deps)).fetch(WINDOW);
    expect(records.map((r) => r.identity).sort()).toEqual([first!.FullId, second!.FullId].map(String).sort());
    expect(await counter(deps.metrics, "mdefwd_records_skipped_total", { reason: "too-large" })).toBe(1);
    const logged = deps.logs.find((l) => l.includes('"too-large"'));
    expect(logged).toContain("da-giant-1");
    expect(logged).toContain("source.maxRecordBytes");
  });
});

describe("source.maxPages", () => {
  it("endless distinct same-origin nextLinks fail the query after maxPages requests", async () => {
    let page = 0;
    const api = await hostileServer((_req, res) =>
      json(res, 200, {
        value: [],
        // Bounded only so that a forwarder without the limit ends too (and the test fails instead of hanging).
        ...(page < 5000 ? { "@odata.nextLink": `${api.url}/v1.0/security/alerts_v2?page=${++page}` } : {}),
      }),
    );
    const config = modernConfigFor(sim, "graph", { url: api.url, maxPages: 50 });
    const deps = testDeps(sim);
    const source = createGraphSource(config, sourceDeps(config, deps));
    await expect(source.fetch(WINDOW)).rejects.toMatchObject({
      code: "E_API_PAGING",
      message: expect.stringContaining("still paging after 50 pages") as unknown,
    });
    expect(api.received).toHaveLength(50);
  });
});

describe("source.cycleDeadline", () => {
  it("a cycle held by an API that never answers stops at the deadline with one clear error", async () => {
    const api = await hostileServer(() => new Promise<void>(() => undefined));
    const dir = tempDir();
    const text = `${sim.configSnippet().replace(/url: .*/, `url: ${api.url}`)}
  requestTimeout: PT10M
output:
  transport: file
  path: ${join(dir, "out.log")}
state:
  dir: ${dir}
health:
  listen: off
`;
    const config = await loadConfigText(join(dir, "config.yaml"), text, {});
    expect(config.source.cycleDeadline).toBe(3_600_000);
    config.source.cycleDeadline = 1500;
    const parts = await assembleForwarder(config, {
      logger: pino({ level: "silent" }),
      metrics: new Metrics({ processMetrics: false }),
    });
    const started = Date.now();
    const error = await parts.forwarder.cycle().catch((err: unknown) => err);
    await parts.close(1000);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((error as Error).message).toMatch(
      /^the poll cycle ran longer than source.cycleDeadline \(1.5 s\) and stopped/,
    );
    expect((error as { cause: { code: string } }).cause.code).toBe("E_CYCLE_DEADLINE");
  });
});
