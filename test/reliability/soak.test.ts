/**
 * Soak: one hour of polling compressed into one minute. The daemon (`run`) polls every second instead of every
 * minute, with the times of its configuration divided by 60 as well (overlap 10 s, lookback 2 min), while the
 * simulated tenant raises 3,000 alerts a minute. Its memory (RSS) and open file descriptors are sampled from /proc at
 * each poll: neither may grow once it is warm, and every record must arrive exactly once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { siemRecords } from "../../src/simulator/index.js";
import { startRunProcess, type RunProcess } from "../support/cli-process.js";
import { expectedMessages, waitForTally } from "../support/delivery-tally.js";
import { forwarderConfig, useTenantAndReceiver, writeForwarderConfig } from "../support/forwarder-setup.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const POLLS = 60;
const WARM_UP_POLLS = 5;
const results = resultsGroup("soak", "Soak");
const watch = new SecretWatch();
const env = useTenantAndReceiver({ ratePerMinute: 3000, historyMs: 60_000, lateFraction: 0 }, { watch, results });

interface Sample {
  poll: number;
  rssKiB: number;
  fds: number;
}

function sample(pid: number, poll: number): Sample {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return { poll, rssKiB: Number(rss), fds: readdirSync(`/proc/${pid}/fd`).length };
}

const pollsDone = (run: RunProcess) => run.printed().stdout.split('"msg":"poll cycle done"').length - 1;
const mb = (kib: number) => Math.round(kib / 1024);

it(`${POLLS} polls with a high alert rate: memory and file descriptors stay flat, every record arrives once`, async () => {
  const stateDir = tempDir();
  const setup = {
    sim: env.sim,
    rsyslog: env.rsyslog,
    stateDir,
    source: "  lookback: PT2M\n  overlap: PT10S\n  maxWindow: PT1M",
  };
  const run = startRunProcess(writeForwarderConfig(setup), "info");
  const samples: Sample[] = [];
  while (pollsDone(run) < POLLS) {
    const polls = pollsDone(run);
    if (polls > (samples.at(-1)?.poll ?? -1)) samples.push(sample(run.pid!, polls));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  samples.push(sample(run.pid!, pollsDone(run)));
  await run.waitForOutput('"msg":"mde-forwarder started"');
  run.kill("SIGTERM");
  expect((await run.exited).code).toBe(0);
  watch.capture("run (soak)", run.printed().stdout + run.printed().stderr);

  const state = JSON.parse(readFileSync(join(stateDir, `siem-${env.sim.tenantId}.json`), "utf8")) as {
    checkpoint: string;
  };
  const checkpoint = Date.parse(state.checkpoint);
  const alerts = env.sim.tenant.store.alerts({ since: 0, until: checkpoint, now: checkpoint });
  const expected = await expectedMessages(
    await forwarderConfig(setup),
    alerts.flatMap((a) => siemRecords(a)),
  );
  const tally = await waitForTally(env.rsyslog, "tcp", expected);
  const warm = samples.find((s) => s.poll >= WARM_UP_POLLS)!;
  const end = samples.at(-1)!;
  const peak = samples.reduce((max, s) => Math.max(max, s.rssKiB), 0);
  const failed = run.printed().stdout.split('"msg":"poll cycle failed').length - 1;
  results.record(
    figuresOf(`${POLLS} polls, one a second (an hour of one-minute polls), 3,000 alerts a minute`, tally, {
      "failed polls": failed,
      [`RSS after poll ${warm.poll} (MB)`]: mb(warm.rssKiB),
      [`RSS after poll ${end.poll} (MB)`]: mb(end.rssKiB),
      "RSS peak (MB)": mb(peak),
      [`open fds after poll ${warm.poll}`]: warm.fds,
      [`open fds after poll ${end.poll}`]: end.fds,
    }),
  );
  expect({ lost: tally.lost, duplicated: tally.duplicated, failed }).toEqual({ lost: 0, duplicated: 0, failed: 0 });
  expect(end.fds).toBeLessThanOrEqual(warm.fds + 2);
  expect(end.rssKiB).toBeLessThan(warm.rssKiB + 64 * 1024);
});
