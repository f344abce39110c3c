/**
 * Time: records that become visible after their LastProcessedTimeUtc (inside and just outside source.overlap), and
 * clock skew between the forwarder and the API. Simulated polling: the simulator's clock is frozen and moved a
 * minute per poll, and each poll runs up to that time, as the daemon does once a minute.
 */
import { afterEach, expect, it } from "vitest";
import type { SimAlert } from "../../src/simulator/alerts.js";
import { siemRecords, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { Random } from "../../src/simulator/random.js";
import { expectedMessages, waitForTally } from "../support/delivery-tally.js";
import { inProcessForwarder } from "../support/forwarder-setup.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { startRsyslog, type Rsyslog } from "../support/rsyslog.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const SEC = 1000;
const MIN = 60 * SEC;
const OVERLAP = 10 * MIN;
const results = resultsGroup("time", "Late records and clock skew");
const watch = new SecretWatch();
let sim: Simulator | undefined;
let rsyslog: Rsyslog | undefined;
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await Promise.all([sim?.close(), rsyslog?.dispose()]);
  const scan = watch.scan();
  results.scanned(scan);
  expect(scan.found).toEqual([]);
});

async function forwarder(s: Simulator, r: Rsyslog) {
  const f = await inProcessForwarder(
    { sim: s, rsyslog: r, stateDir: tempDir(), source: "  overlap: PT10M\n  lookback: PT1H" },
    watch.logger("time"),
  );
  closers.push(() => f.close(2000));
  return f;
}

const recordsOf = (alerts: SimAlert[]) => alerts.flatMap((a) => siemRecords(a));

/** The design's rule: poll k reads [previous poll − overlap, poll k) of what is visible at poll k. */
function collectedByRule(alert: SimAlert, polls: number[]): boolean {
  return polls.some(
    (at, k) =>
      k > 0 && alert.visibleAt <= at && alert.lastProcessed >= polls[k - 1]! - OVERLAP && alert.lastProcessed < at,
  );
}

const LATENESS = [
  0,
  MIN,
  5 * MIN,
  9 * MIN + 59 * SEC,
  10 * MIN,
  10 * MIN + SEC,
  10 * MIN + 30 * SEC,
  11 * MIN,
  11 * MIN + SEC,
  15 * MIN,
];
const label = (ms: number) => `${Math.floor(ms / MIN)} min${ms % MIN ? ` ${(ms % MIN) / SEC} s` : ""}`;

it("late records: every record visible within source.overlap of its time arrives exactly once", async () => {
  const t0 = Math.floor(Date.now() / MIN) * MIN;
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0, now: t0 }), startRsyslog()]);
  watch.simulator(sim);
  const random = new Random(7);
  const byLateness = LATENESS.map((late) =>
    Array.from({ length: 20 }, () => {
      const lastProcessed = t0 + random.int(MIN, 25 * MIN);
      return sim!.tenant.add({ lastProcessed, visibleAt: lastProcessed + late, parts: 1 });
    }),
  );
  const f = await forwarder(sim, rsyslog);
  const polls = [t0 - 60 * MIN];
  for (let minute = 0; minute <= 45; minute++, sim.clock.advance(MIN)) {
    polls.push(sim.clock.now());
    await f.forwarder.cycle({ until: sim.clock.now() });
  }
  const all = await expectedMessages(f.config, recordsOf(byLateness.flat()));
  const arrived = await waitForTally(rsyslog, "tcp", all, 5_000);
  expect(arrived.duplicated).toBe(0);
  for (const [i, alerts] of byLateness.entries()) {
    const promised = alerts.filter((a) => collectedByRule(a, polls));
    const tally = await waitForTally(rsyslog, "tcp", await expectedMessages(f.config, recordsOf(alerts)), 0);
    // Lost: promised by the rule yet missing. Records beyond the guarantee that did not arrive are counted apart.
    const lost = Math.max(0, promised.length - tally.distinct);
    results.record(
      figuresOf(
        `visible ${label(LATENESS[i]!)} after its time`,
        { ...tally, lost },
        {
          "promised by the rule": `${promised.length} of ${alerts.length}`,
          "not collected (beyond the guarantee)": tally.sent - tally.distinct,
        },
      ),
    );
    expect({ lateness: label(LATENESS[i]!), delivered: tally.distinct }).toEqual({
      lateness: label(LATENESS[i]!),
      delivered: promised.length,
    });
    if (LATENESS[i]! <= OVERLAP) expect(tally.lost).toBe(0);
    if (LATENESS[i]! > OVERLAP + MIN) expect(tally.distinct).toBe(0);
  }
});

/** Records published at the API's own time, polls by the forwarder's: the API's clock runs `skewMs` ahead. */
async function skewed(skewMs: number): Promise<void> {
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog()]);
  watch.simulator(sim);
  sim.clock.advance(skewMs);
  const f = await forwarder(sim, rsyslog);
  const alerts: SimAlert[] = [];
  for (let poll = 0; poll < 4; poll++) {
    const apiNow = sim.clock.now();
    alerts.push(...sim.tenant.addRecords(30, apiNow - 5 * SEC, apiNow - 100));
    await f.forwarder.cycle();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The API's time is known to the second: the last records of the last poll come with the next one, as in the daemon.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await f.forwarder.cycle();
  const tally = await waitForTally(rsyslog, "tcp", await expectedMessages(f.config, recordsOf(alerts)), 5_000);
  const direction = skewMs < 0 ? "behind" : "ahead of";
  results.record(
    figuresOf(`API clock ${Math.abs(skewMs) / MIN} min ${direction} the forwarder's (overlap 10 min)`, tally, {
      polls: 5,
    }),
  );
  expect({ lost: tally.lost, duplicated: tally.duplicated }).toEqual({ lost: 0, duplicated: 0 });
}

it("clock skew: the API's clock 3 minutes behind the forwarder's", () => skewed(-3 * MIN));
it("clock skew: the API's clock 15 minutes behind the forwarder's (more than the overlap)", () => skewed(-15 * MIN));
it("clock skew: the API's clock 3 minutes ahead of the forwarder's", () => skewed(3 * MIN));
it("clock skew: the API's clock 15 minutes ahead of the forwarder's", () => skewed(15 * MIN));
