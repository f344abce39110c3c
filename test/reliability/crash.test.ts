/**
 * Forwarder crashes: the daemon as operators run it (`run`), SIGKILLed at 20 random points of a 20,000-record
 * catch-up and restarted each time. The points are drawn from a seeded generator (RELIABILITY_SEED overrides it), so
 * a failure can be replayed: most fall while messages flow, some during start-up (lock, state, first request).
 */
import { statSync } from "node:fs";
import { expect, it } from "vitest";
import { siemRecords } from "../../src/simulator/index.js";
import { Random } from "../../src/simulator/random.js";
import { startRunProcess, type RunProcess } from "../support/cli-process.js";
import { expectedMessages, waitForTally } from "../support/delivery-tally.js";
import { forwarderConfig, useTenantAndReceiver, writeForwarderConfig } from "../support/forwarder-setup.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const MIN = 60_000;
const RECORDS = 20_000;
const KILLS = 20;
const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_126);
const results = resultsGroup("crashes", "Forwarder crashes");
const watch = new SecretWatch();
const env = useTenantAndReceiver({ ratePerMinute: 0 }, { watch, results });

/** Where the n-th kill falls: at a byte count of the receiver's file, or (one time in five) a moment after start. */
function killPoints(random: Random, totalBytes: number): ({ bytes: number } | { afterMs: number })[] {
  const thresholds = Array.from({ length: KILLS }, () => Math.floor(random.next() * 0.95 * totalBytes)).sort(
    (a, b) => a - b,
  );
  return thresholds.map((bytes) => (random.chance(0.2) ? { afterMs: random.int(0, 600) } : { bytes }));
}

const received = () => {
  try {
    return statSync(env.rsyslog.file("tcp")).size;
  } catch {
    return 0;
  }
};

async function killAt(child: RunProcess, point: { bytes: number } | { afterMs: number }): Promise<void> {
  if ("afterMs" in point) await new Promise((resolve) => setTimeout(resolve, point.afterMs));
  else
    while (received() < point.bytes && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
  child.kill("SIGKILL");
  await child.exited;
}

it(`loses nothing when SIGKILLed at ${KILLS} random points of a ${RECORDS.toLocaleString("en")}-record catch-up`, async () => {
  const stateDir = tempDir();
  const records = env.sim.tenant
    .addRecords(RECORDS, Date.now() - 100 * MIN, Date.now() - MIN)
    .flatMap((a) => siemRecords(a));
  const setup = {
    sim: env.sim,
    rsyslog: env.rsyslog,
    stateDir,
    source: "  lookback: PT2H\n  overlap: PT5M\n  maxWindow: PT15M",
  };
  const config = writeForwarderConfig(setup);
  const expected = await expectedMessages(await forwarderConfig(setup), records);
  const fileBytes = [...expected.keys()].reduce((sum, payload) => sum + payload.length + 60, 0);
  const points = killPoints(new Random(SEED), fileBytes);
  let duringStartUp = 0;
  for (const point of points) {
    const child = startRunProcess(config, "debug");
    await killAt(child, point);
    if ("afterMs" in point) duringStartUp++;
    watch.capture("run (killed)", child.printed().stdout + child.printed().stderr);
  }
  const last = startRunProcess(config, "debug");
  const tally = await waitForTally(env.rsyslog, "tcp", expected, 90_000);
  await last.waitForOutput('"msg":"mde-forwarder started"');
  last.kill("SIGTERM");
  const { code } = await last.exited;
  watch.capture("run (last)", last.printed().stdout + last.printed().stderr);

  results.record(
    figuresOf(`SIGKILL at ${KILLS} random points, restart each time`, tally, {
      seed: String(SEED),
      "kills during start-up": duringStartUp,
      "kills while sending": KILLS - duringStartUp,
      "cut messages": tally.unmatched,
    }),
  );
  expect(tally.lost).toBe(0);
  expect(code).toBe(0);
});
