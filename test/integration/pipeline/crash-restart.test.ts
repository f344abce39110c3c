/**
 * The daemon as operators run it (`node dist/cli.js run`), killed and stopped at awkward moments: SIGKILL at several
 * points of a 20,000-record catch-up must lose nothing; SIGTERM in the middle of a cycle must exit 0 with usable state.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { siemRecords, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { assertBuilt, startRunProcess, type RunProcess } from "../../support/cli-process.js";
import { deliveryCounts, waitForIdentities, writeForwarderConfig } from "../../support/forwarder-setup.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
let sim: Simulator;
let rsyslog: Rsyslog;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog()]);
});
afterEach(async () => {
  await Promise.all([sim.close(), rsyslog.dispose()]);
});

/** A `run` process; one that exits on its own (a start-up error) fails the test with what it said. */
function startForwarder(config: string): RunProcess {
  return startRunProcess(config, "info");
}

/** SIGTERM once it watches for it: a signal that comes before Node has run any code ends the process by default. */
async function stop(child: RunProcess): Promise<number | null> {
  await child.waitForOutput('"msg":"mde-forwarder started"');
  child.kill("SIGTERM");
  return (await child.exited).code;
}

async function lineCount(): Promise<number> {
  const text = await rsyslog.read("tcp");
  return text ? text.split("\n").length - 1 : 0;
}

describe("the daemon under kill and stop", () => {
  it("loses nothing when SIGKILLed at five points of a 20,000-record catch-up", async () => {
    const stateDir = tempDir();
    const now = Date.now();
    const alerts = sim.tenant.addRecords(20_000, now - 100 * MIN, now - MIN);
    const expected = alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId)));
    const config = writeForwarderConfig({
      sim,
      rsyslog,
      stateDir,
      source: "  lookback: PT2H\n  overlap: PT5M\n  maxWindow: PT15M",
      top: "health:\n  listen: off",
    });
    const before = await lineCount();

    for (const threshold of [1_000, 4_000, 8_000, 12_000, 16_000]) {
      const child = startForwarder(config);
      while ((await lineCount()) - before < threshold && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGKILL");
      await child.exited;
    }
    const last = startForwarder(config);
    const arrived = await waitForIdentities(rsyslog, expected, 60_000);
    const code = await stop(last);

    const counts = deliveryCounts(expected, arrived);
    console.log(`SIGKILL x5 during 20,000 records: lost ${counts.lost}, duplicates ${counts.duplicates}`);
    expect(counts).toMatchObject({ lost: 0, unexpected: 0 });
    expect(code).toBe(0);
  });

  it("exits 0 on SIGTERM in the middle of a cycle, with consistent state, and the next run delivers the rest once", async () => {
    const stateDir = tempDir();
    const now = Date.now();
    const alerts = sim.tenant.addRecords(500, now - 50 * MIN, now - MIN);
    const expected = alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId)));
    const config = writeForwarderConfig({ sim, rsyslog, stateDir });
    sim.faults.add("api", { kind: "slow", delayMs: 1500 });
    const child = startForwarder(config);
    // The fault is taken when the API request starts: the cycle is then waiting for the slow response.
    while (sim.faults.pending > 0) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGTERM");
    expect((await child.exited).code).toBe(0);

    const state = JSON.parse(readFileSync(join(stateDir, `siem-${sim.tenantId}.json`), "utf8")) as {
      checkpoint: string;
    };
    expect(Date.parse(state.checkpoint)).toBeGreaterThan(now - 2 * MIN);
    const again = startForwarder(config);
    const counts = deliveryCounts(expected, await waitForIdentities(rsyslog, expected));
    expect(await stop(again)).toBe(0);
    expect(counts).toEqual({ lost: 0, duplicates: 0, unexpected: expect.any(Number) });
  });

  it("reopens the file output on SIGHUP, as after logrotate, losing nothing", async () => {
    const stateDir = tempDir();
    const out = join(stateDir, "forwarded.log");
    const config = join(stateDir, "file.yaml");
    writeFileSync(
      config,
      `${sim.configSnippet()}\nschedule: "* * * * * *"\noutput:\n  transport: file\n  path: ${JSON.stringify(out)}\n  header: none\nstate:\n  dir: ${JSON.stringify(stateDir)}\nhealth:\n  listen: off\n`,
    );
    const now = Date.now();
    const first = sim.tenant.addRecords(30, now - 20 * MIN, now - 15 * MIN);
    const child = startForwarder(config);
    const ids = (file: string) =>
      existsSync(file)
        ? readFileSync(file, "utf8")
            .trimEnd()
            .split("\n")
            .filter(Boolean)
            .map((l) => decodeCef(l).extension.flexString2)
        : [];
    const waitFor = async (file: string, count: number) => {
      while (ids(file).length < count) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(out, 30);
    renameSync(out, `${out}.1`);
    child.kill("SIGHUP");
    await new Promise((r) => setTimeout(r, 300));
    const second = sim.tenant.addRecords(20, Date.now() - 2 * MIN, Date.now() - MIN);
    await waitFor(out, 20);
    expect(await stop(child)).toBe(0);
    const idsOf = (alerts: typeof first) => alerts.flatMap((a) => siemRecords(a).map((r) => String(r.FullId))).sort();
    expect(ids(`${out}.1`).sort()).toEqual(idsOf(first));
    expect(ids(out).sort()).toEqual(idsOf(second));
  });
});
