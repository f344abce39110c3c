/**
 * API faults through the simulated tenant, with the whole forwarder and a real rsyslog: each fault gets fresh records
 * (inside the overlap, so the next poll reads them), is injected, and the forwarder polls until a cycle succeeds, as
 * the daemon would on its next ticks. Then what arrived is counted for those records.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { CycleFailure } from "../../src/pipeline/cycle.js";
import {
  siemRecords,
  startSimulator,
  type Fault,
  type FaultTarget,
  type Simulator,
} from "../../src/simulator/index.js";
import { ticksTime } from "../../src/simulator/views/times.js";
import { expectedMessages, waitForTally } from "../support/delivery-tally.js";
import { inProcessForwarder } from "../support/forwarder-setup.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { startRsyslog, type Rsyslog } from "../support/rsyslog.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const MIN = 60_000;
const results = resultsGroup("api-faults", "API faults");
const watch = new SecretWatch();
let sim: Simulator;
let rsyslog: Rsyslog;
let f: Awaited<ReturnType<typeof inProcessForwarder>>;

beforeAll(async () => {
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog()]);
  watch.simulator(sim);
  const source = "  maxRetries: 1\n  maxRetryWait: PT3S\n  requestTimeout: PT1S";
  f = await inProcessForwarder({ sim, rsyslog, stateDir: tempDir(), source }, watch.logger("api faults"));
  await f.forwarder.cycle();
});
afterAll(async () => {
  await f?.close(2000);
  await Promise.all([sim.close(), rsyslog.dispose()]);
  const scan = watch.scan();
  results.scanned(scan);
  expect(scan.found).toEqual([]);
});

interface Injection {
  name: string;
  faults?: [FaultTarget, Fault, number][];
  /** Runs once the faults are queued, before the first poll (or, with `during`, while it runs). */
  before?: () => void;
  during?: () => Promise<void>;
  /** Raw SIEM records added beside the generated ones: [record, expected to be delivered]. */
  raw?: [Record<string, unknown>, boolean][];
}

/** Records skipped as malformed, whatever the reason. */
async function skippedRecords(): Promise<number> {
  return (await f.metrics.recordsSkipped.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Polls until a cycle succeeds; the codes of the failures on the way. */
async function pollUntilDone(during?: () => Promise<void>): Promise<string[]> {
  const failures: string[] = [];
  for (let poll = 0; poll < 6; poll++) {
    try {
      const cycle = f.forwarder.cycle();
      if (poll === 0) await during?.();
      await cycle;
      return failures;
    } catch (err) {
      if (!(err instanceof CycleFailure)) throw err;
      failures.push((err.cause as { code?: string }).code ?? "?");
    }
  }
  throw new Error(`no poll cycle succeeded after ${failures.join(", ")}`);
}

async function run(injection: Injection): Promise<void> {
  const now = Date.now();
  const records = sim.tenant.addRecords(60, now - 5 * MIN, now - 1000).flatMap((a) => siemRecords(a));
  for (const [record] of injection.raw ?? [])
    sim.tenant.store.addRawSiem({ at: now - 2 * MIN, visibleAt: now - 2 * MIN, record });
  const delivered = [...records, ...(injection.raw ?? []).filter(([, kept]) => kept).map(([r]) => r)];
  const skippedBefore = await skippedRecords();
  const requestsBefore = sim.requests.length;
  for (const [target, fault, times] of injection.faults ?? []) sim.faults.add(target, fault, times);
  injection.before?.();
  const failures = await pollUntilDone(injection.during);
  const tally = await waitForTally(rsyslog, "tcp", await expectedMessages(f.config, delivered));
  const skipped = (await skippedRecords()) - skippedBefore;
  results.record(
    figuresOf(injection.name, tally, {
      "failed polls": failures.length ? `${failures.length} (${[...new Set(failures)].join(", ")})` : 0,
      "HTTP responses": sim.requests.length - requestsBefore,
      ...(injection.raw ? { "skipped as malformed": skipped } : {}),
    }),
  );
  expect({ lost: tally.lost, duplicated: tally.duplicated, faultsLeft: sim.faults.pending }).toEqual({
    lost: 0,
    duplicated: 0,
    faultsLeft: 0,
  });
}

const status = (code: number, extra: Partial<Extract<Fault, { kind: "status" }>> = {}): Fault => ({
  kind: "status",
  status: code,
  ...extra,
});
const time = (ms: number) => ticksTime(ms, 1234);

const INJECTIONS: Injection[] = [
  { name: "HTTP 503 once (retried within the poll)", faults: [["api", status(503), 1]] },
  { name: "HTTP 500 burst of 4 (source.maxRetries 1)", faults: [["api", status(500), 4]] },
  { name: "HTTP 429 with Retry-After: 1", faults: [["api", status(429, { retryAfter: 1 }), 1]] },
  {
    name: "HTTP 429 with Retry-After beyond source.maxRetryWait",
    faults: [["api", status(429, { retryAfter: 120 }), 1]],
  },
  { name: "timeout: no response within source.requestTimeout", faults: [["api", { kind: "slow", delayMs: 1500 }, 1]] },
  { name: "connection reset before the response", faults: [["api", { kind: "reset" }, 2]] },
  {
    name: "body cut off after 3 records (connection dropped)",
    faults: [["api", { kind: "truncate", afterRecords: 3 }, 2]],
  },
  {
    name: "body ends cleanly in the middle of the array",
    faults: [["api", { kind: "truncate", afterRecords: 10, clean: true }, 1]],
  },
  { name: "malformed body: an HTML page with HTTP 200", faults: [["api", { kind: "malformed" }, 1]] },
  {
    name: "records missing required fields",
    raw: [
      [
        {
          AlertId: "da-no-ioc",
          AlertTitle: "no FullId and no IocUniqueId",
          LastProcessedTimeUtc: time(Date.now() - 2 * MIN),
        },
        false,
      ],
      [{ FullId: "da-bad-time:x", AlertTitle: "unreadable time", LastProcessedTimeUtc: "yesterday" }, false],
      [{ FullId: "da-no-time:x", AlertTitle: "no time at all" }, false],
      [{ FullId: "da-minimal:AAAA", LastProcessedTimeUtc: time(Date.now() - 2 * MIN) }, true],
      [
        {
          FullId: "da-nulls:BBBB",
          LastProcessedTimeUtc: time(Date.now() - 2 * MIN),
          AlertTitle: null,
          Severity: null,
          AlertTime: null,
        },
        true,
      ],
    ],
  },
  {
    name: "token endpoint down (HTTP 503, then connection resets) when the token must be renewed",
    faults: [
      ["token", status(503), 2],
      ["token", { kind: "reset" }, 2],
    ],
    before: () => sim.entra.expireAll(),
  },
  {
    name: "token revoked in the middle of a request",
    faults: [["api", { kind: "slow", delayMs: 400 }, 1]],
    during: async () => {
      while (sim.faults.pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      sim.entra.expireAll();
    },
  },
  {
    name: "client secret revoked (AADSTS7000215 on renewal), then restored",
    faults: [["token", { kind: "entra", aadsts: 7000215 }, 1]],
    before: () => sim.entra.expireAll(),
  },
];

it.each(INJECTIONS.map((i) => [i.name, i] as const))(
  "%s: loses nothing, sends nothing twice",
  async (_name, injection) => {
    await run(injection);
  },
);
