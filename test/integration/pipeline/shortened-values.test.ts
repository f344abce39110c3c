/**
 * Nothing changed without a word: the daemon against the simulated tenant and a real rsyslog, with a mapping that
 * puts the SIEM API's FullId (about 75 bytes) under CEF externalId (40 bytes) and a value too long for any message.
 * Every shortened value and every value left out is counted in /metrics by key and logged at debug with the record's
 * identity (never the value); the marker ends each shortened value as it arrives.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDaemon } from "../../../src/daemon.js";
import { Metrics } from "../../../src/health/metrics.js";
import { siemRecords, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { forwarderConfig } from "../../support/forwarder-setup.js";
import { freeTcpPort } from "../../support/ports.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
const PADDING = "p".repeat(9000);
let sim: Simulator;
let rsyslog: Rsyslog;

beforeAll(async () => {
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog()]);
});
afterAll(async () => {
  await Promise.all([sim.close(), rsyslog.dispose()]);
});

const MAPPING = `format: cef
source: siem
truncationMarker: "…"
header:
  vendor: Microsoft
  product: Microsoft Defender ATP
  version: "2.0"
  signatureId: Category
  name: AlertTitle
  severity: { field: Severity, map: { Informational: 1, Low: 3, Medium: 5, High: 8 }, default: Unknown }
fields:
  flexString2: { field: FullId, label: FullId }
  externalId: FullId
  msg: Description
  Padding: { value: ${PADDING} }
`;

describe("values shortened or left out to fit", () => {
  it("are counted in /metrics by key, logged with the record's identity, and marked as they arrive", async () => {
    const now = Date.now();
    const alerts = sim.tenant.addRecords(12, now - 30 * MIN, now - MIN);
    const ids = alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId)));
    expect(Math.min(...ids.map((id) => Buffer.byteLength(id)))).toBeGreaterThan(40);

    const stateDir = tempDir();
    const mapping = join(stateDir, "mapping.yaml");
    writeFileSync(mapping, MAPPING);
    const port = await freeTcpPort();
    const config = await forwarderConfig({
      sim,
      rsyslog,
      stateDir,
      top: `mapping: ${mapping}\nhealth:\n  listen: 127.0.0.1:${port}`,
    });
    const logs: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => (logs.push(...chunk.toString().split("\n")), done()),
    });
    const daemon = await startDaemon(config, {
      logger: pino({ level: "debug" }, sink),
      metrics: new Metrics({ processMetrics: false }),
    });
    try {
      const lines = await rsyslog.waitForLines("tcp", ids.length);
      const arrived = lines.map((l) => decodeCef(l.slice(l.indexOf("CEF:"))).extension);
      expect(arrived.map((e) => e.flexString2).sort()).toEqual([...ids].sort());
      for (const e of arrived) {
        expect(Buffer.byteLength(e.externalId!)).toBeLessThanOrEqual(40);
        expect(e.externalId).toBe(`${e.flexString2!.slice(0, 37)}…`);
        expect(e.Padding).toBeUndefined();
      }

      const metrics = await (await fetch(`${daemon.healthUrl}/metrics`)).text();
      expect(metrics).toContain(`mdefwd_values_shortened_total{key="externalId"} ${ids.length}\n`);
      expect(metrics).toContain(`mdefwd_fields_dropped_total{key="Padding"} ${ids.length}\n`);

      const noted = logs.filter((l) => l.includes("values shortened or left out")).map((l) => JSON.parse(l) as object);
      expect(noted).toHaveLength(ids.length);
      for (const line of noted)
        expect(line).toMatchObject({ level: 20, shortened: ["externalId"], dropped: ["Padding"] });
      expect(noted.map((l) => (l as { identity: string }).identity).sort()).toEqual([...ids].sort());
      // The values themselves are not logged.
      expect(
        logs.filter((l) => l.includes(PADDING.slice(0, 100)) || ids.some((id) => l.includes(`${id.slice(0, 37)}…`))),
      ).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });
});
