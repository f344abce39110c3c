/**
 * Latency: from a record becoming visible in the simulator to its arrival in rsyslog's file, with `run` on the
 * default one-minute schedule and on a one-second one. Records are added one at a time, at random moments.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startRsyslog } from "../test/support/rsyslog.js";
import { median, type BenchModule, type Table } from "./bench.js";
import { Arrivals } from "./support/arrivals.js";
import { startRun, writeForwarderConfig } from "./support/forwarder.js";
import { startSimulatorProcess } from "./support/simulator.js";

const SCHEDULES = [
  {
    name: "every minute (default)",
    cron: "*/1 * * * *",
    samples: Number(process.env.BENCH_LATENCY_MINUTE_SAMPLES ?? 4),
    periodMs: 60_000,
  },
  { name: "every second", cron: "* * * * * *", samples: 20, periodMs: 1000 },
];

/** Seconds from each record's visibility to its arrival, one record at a time, in a tenant of its own. */
async function latencies(schedule: (typeof SCHEDULES)[number]): Promise<number[]> {
  const [sim, rsyslog] = await Promise.all([startSimulatorProcess(), startRsyslog()]);
  const files = await writeForwarderConfig({
    sourceYaml: sim.sourceYaml,
    syslogPort: rsyslog.ports.tcp,
    schedule: schedule.cron,
    logLevel: "info",
  });
  const fwd = await startRun(files.config);
  try {
    const arrivals = new Arrivals(rsyslog.file("tcp"));
    const seconds: number[] = [];
    for (let sample = 0; sample < schedule.samples; sample++) {
      await sleep(Math.random() * schedule.periodMs);
      const before = await arrivals.poll();
      const visible = await sim.addRecords(1, "PT1S");
      await arrivals.waitFor(before + 1, { intervalMs: 5, timeoutMs: schedule.periodMs + 30_000 });
      seconds.push((Date.now() - visible) / 1000);
    }
    return seconds;
  } finally {
    await fwd.stop();
    await Promise.all([sim.close(), rsyslog.dispose(), files.dispose()]);
  }
}

async function run(): Promise<Table[]> {
  const rows: string[][] = [];
  for (const schedule of SCHEDULES) {
    const s = await latencies(schedule);
    const expected = schedule.periodMs / 2000;
    rows.push([
      schedule.name,
      String(s.length),
      Math.min(...s).toFixed(3),
      median(s).toFixed(3),
      Math.max(...s).toFixed(3),
      `the wait for the next poll alone averages ${expected} s`,
    ]);
  }
  return [{ columns: ["schedule", "records", "min s", "median s", "max s", "compared"], rows }];
}

export const latencyBench: BenchModule = {
  name: "latency",
  method:
    "`mde-forwarder run` against the simulator and a real rsyslog (TCP); one record at a time is added at a random moment of the schedule's " +
    "period and timed from the simulator's reply (the record is visible from then) until its line is in rsyslog's file (polled every 5 ms). " +
    "The one-minute schedule is measured over a few cycles (BENCH_LATENCY_MINUTE_SAMPLES, default 4): its latency is the wait for the next " +
    "poll, uniform over the minute, plus one cycle's work, which the one-second schedule shows.",
  needs: ["rsyslogd"],
  run,
};
