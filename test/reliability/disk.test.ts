/**
 * Disk faults under the state directory: full, and read-only. The directory is a tiny tmpfs mounted by the test
 * (permission bits do not stop root, a full or read-only file system does), so this needs root; elsewhere it is
 * skipped and says why. Each fault must give a clear error, keep the checkpoint where it was, leave the state file
 * whole, and lose nothing once the disk is back.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CycleFailure } from "../../src/pipeline/cycle.js";
import { siemRecords, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { StateStore } from "../../src/state/store.js";
import { assertBuilt, runBuiltCli } from "../support/cli-process.js";
import { expectedMessages, waitForTally } from "../support/delivery-tally.js";
import { forwarderConfig, forwarderYaml, inProcessForwarder } from "../support/forwarder-setup.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { startRsyslog, type Rsyslog } from "../support/rsyslog.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const MIN = 60_000;
const IS_ROOT = process.getuid?.() === 0;
const results = resultsGroup("disk", "Disk faults");
const watch = new SecretWatch();
let sim: Simulator;
let rsyslog: Rsyslog;
let stateDir: string;

const mount = (...args: string[]) => execFileSync("mount", args, { stdio: "pipe" });

beforeAll(async () => {
  if (!IS_ROOT) {
    results.record({ scenario: "skipped: mounting a tmpfs needs root", sent: 0, received: 0, lost: 0, duplicated: 0 });
    return;
  }
  assertBuilt();
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog()]);
  watch.simulator(sim);
  stateDir = tempDir();
  mount("-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", stateDir);
});
afterAll(async () => {
  if (!IS_ROOT) return;
  execFileSync("umount", ["-l", stateDir]);
  await Promise.all([sim.close(), rsyslog.dispose()]);
  const scan = watch.scan();
  results.scanned(scan);
  expect(scan.found).toEqual([]);
});

const stateFile = () => join(stateDir, `siem-${sim.tenantId}.json`);
const addRecords = (count: number) =>
  sim.tenant.addRecords(count, Date.now() - 5 * MIN, Date.now() - 1000).flatMap((a) => siemRecords(a));

/** Fills the file system: appends to a filler file until the disk says no. */
function fill(): string {
  const filler = join(stateDir, "filler");
  try {
    for (;;) appendFileSync(filler, Buffer.alloc(4096, 1));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  }
  return filler;
}

describe.skipIf(!IS_ROOT)("the state directory", () => {
  /** A poll under the fault, then one after it: the error, the state on disk meanwhile, and what arrived. */
  async function faultThenRecovery(name: string, fault: () => void, repair: () => void): Promise<void> {
    const f = await inProcessForwarder({ sim, rsyslog, stateDir }, watch.logger(`disk ${name}`));
    const first = addRecords(40);
    await f.forwarder.cycle();
    const before = readFileSync(stateFile(), "utf8");
    const checkpoint = f.forwarder.status().checkpoint;

    fault();
    const during = addRecords(40);
    // The state is written once the output confirmed the records, within a second of the last: a failed write
    // after the cycle is reported by the next one.
    let failure: unknown;
    for (let poll = 0; poll < 3 && !(failure instanceof CycleFailure); poll++) {
      failure = await f.forwarder.cycle().catch((e: unknown) => e);
      if (!(failure instanceof CycleFailure)) await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    if (!(failure instanceof CycleFailure)) throw new Error(`no poll failed during the fault: ${String(failure)}`);
    watch.capture(`disk ${name} error`, failure.message);
    expect(failure.message).toMatch(
      /^cannot write the state file .+ \((ENOSPC|EROFS)\); the checkpoint was not advanced$/,
    );
    expect(f.forwarder.status().checkpoint).toBe(checkpoint);
    expect(readFileSync(stateFile(), "utf8")).toBe(before);
    expect(readdirSync(stateDir).filter((n) => n.endsWith(".tmp"))).toEqual([]);

    repair();
    await f.forwarder.cycle();
    await f.close(2000);
    const state = await StateStore.peek(stateDir, { api: "siem", tenantId: sim.tenantId });
    expect(state.checkpoint).toBeGreaterThanOrEqual(Date.parse(String(checkpoint)));
    const tally = await waitForTally(rsyslog, "tcp", await expectedMessages(f.config, [...first, ...during]));
    results.record(
      figuresOf(name, tally, {
        error: failure.message.replace(/ \/\S+ /, " … "),
        "checkpoint moved during the fault": "no",
        "state file after recovery": "whole",
      }),
    );
    expect(tally.lost).toBe(0);
  }

  it("full: the poll fails clearly, the checkpoint stays, nothing is lost once there is room again", async () => {
    let filler = "";
    await faultThenRecovery(
      "state directory full (ENOSPC)",
      () => (filler = fill()),
      () => rmSync(filler),
    );
  });

  it("read-only: the poll fails clearly, the checkpoint stays, nothing is lost once it is writable again", async () => {
    await faultThenRecovery(
      "state directory read-only (EROFS)",
      () => mount("-o", "remount,ro", stateDir),
      () => mount("-o", "remount,rw", stateDir),
    );
  });

  it("read-only at start-up: one clear line, exit code 1; the next start delivers everything", async () => {
    const config = join(tempDir(), "config.yaml");
    writeFileSync(config, forwarderYaml({ sim, rsyslog, stateDir }));
    const records = addRecords(10);
    mount("-o", "remount,ro", stateDir);
    const refused = await runBuiltCli(["once", "-c", config]).finally(() => mount("-o", "remount,rw", stateDir));
    watch.capture("disk once (read-only)", refused.stderr + refused.stdout);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^cannot create the lock file .+\.lock \(EROFS\)\n$/);
    const again = await runBuiltCli(["once", "-c", config]);
    watch.capture("disk once (writable)", again.stderr + again.stdout);
    expect(again.code).toBe(0);
    const tally = await waitForTally(
      rsyslog,
      "tcp",
      await expectedMessages(await forwarderConfig({ sim, rsyslog, stateDir }), records),
    );
    results.record(
      figuresOf("state directory read-only at start-up (`once`)", tally, {
        "exit code": refused.code,
        error: refused.stderr.trim().replace(/ \/\S+ /, " … "),
      }),
    );
    expect(tally.lost).toBe(0);
  });
});
