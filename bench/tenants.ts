/**
 * Many tenants in one process: `mde-forwarder run` with 500 simulated tenants (BENCH_TENANTS) on the default
 * one-minute schedule, its memory, its CPU per schedule period and the latency of records added at random moments to
 * random tenants; beside it, 10 of the same tenants each in a process of its own, added up and extrapolated to 500.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startRsyslog, type Rsyslog } from "../test/support/rsyslog.js";
import { count, mb, median, type BenchModule, type Table } from "./bench.js";
import { Arrivals } from "./support/arrivals.js";
import { startRun, writeForwarderConfig, type ForwarderFiles, type RunningForwarder } from "./support/forwarder.js";
import { procUsage, type ProcUsage } from "./support/proc.js";
import { startTenantsSimulatorProcess, type TenantsSimulatorProcess } from "./support/simulator.js";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 500);
const PERIODS = Number(process.env.BENCH_TENANTS_PERIODS ?? 3);
const SEPARATE = Number(process.env.BENCH_TENANTS_SEPARATE ?? 10);
const PERIOD_MS = 60_000;
/** Records are added until this long before the window ends, so that each has a poll in the window to arrive. */
const LAST_PROBE_BEFORE_END_MS = 70_000;
const PROBES_PER_SECOND = 2;

const polls = (fwd: RunningForwarder) => fwd.output().split("poll cycle done").length - 1;

async function usage(fwd: RunningForwarder): Promise<ProcUsage> {
  const u = await procUsage(fwd.child.pid!);
  if (!u) throw new Error(`the daemon is gone: ${fwd.output().slice(-2000)}`);
  return u;
}

function config(rsyslog: Rsyslog, source: string, top = ""): Promise<ForwarderFiles> {
  return writeForwarderConfig({ sourceYaml: source, syslogPort: rsyslog.ports.tcp, logLevel: "info", top });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Waits until 2 s before the next minute: a window from there over whole periods holds each tenant's scheduled polls
 * of those periods (they start at the minute, spread over 54 s), so its CPU time is that of whole periods.
 */
async function untilPeriodStarts(): Promise<number> {
  const start = Math.ceil((Date.now() + 3000) / PERIOD_MS) * PERIOD_MS - 2000;
  await sleep(start - Date.now());
  return start;
}

interface OneProcess {
  startSeconds: number;
  rss: number[];
  peakRss: number;
  cpuPerPeriod: number;
  latencies: number[];
  pollsInWindow: number;
}

/** Every tenant in one `run`: from its start until it polled every tenant once, then PERIODS periods watched. */
async function oneProcess(sim: TenantsSimulatorProcess, rsyslog: Rsyslog): Promise<OneProcess> {
  const section = `tenants:\n${sim.tenants.map((t) => t.entry).join("\n")}`;
  const files = await config(rsyslog, "source:\n  api: siem", section);
  const started = Date.now();
  const fwd = await startRun(files.config);
  try {
    while (polls(fwd) < sim.tenants.length) await sleep(200);
    const startSeconds = (Date.now() - started) / 1000;
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    const arrivals = new Arrivals(rsyslog.file("tcp"), (line, seenAt) => {
      const tenant = /TenantName=(\S+)/.exec(line)?.[1];
      const visible = tenant === undefined ? undefined : pending.get(tenant);
      if (visible === undefined) return;
      pending.delete(tenant!);
      latencies.push((seenAt - visible) / 1000);
    });
    await untilPeriodStarts();
    await arrivals.poll();
    const start = { at: Date.now(), polls: polls(fwd), usage: await usage(fwd) };
    const endAt = start.at + PERIODS * PERIOD_MS;
    const rss: number[] = [];
    const probing = (async () => {
      while (Date.now() < endAt - LAST_PROBE_BEFORE_END_MS) {
        await sleep((Math.random() * 2000) / PROBES_PER_SECOND);
        // Any tenant, whatever the moment of its period; one with a record in flight is left alone this time.
        const tenant = sim.tenants[Math.floor(Math.random() * sim.tenants.length)]!.name;
        if (pending.has(tenant)) continue;
        // Until the reply says when it became visible, the time of the request stands for it.
        pending.set(tenant, Date.now());
        const visible = await sim.addRecord(tenant);
        if (pending.has(tenant)) pending.set(tenant, visible);
      }
    })();
    // Handled now, awaited (and thrown) after the window.
    probing.catch(() => undefined);
    const watching = (async () => {
      while (Date.now() < endAt) {
        await sleep(1000);
        rss.push((await usage(fwd)).rss);
      }
    })();
    watching.catch(() => undefined);
    while (Date.now() < endAt) {
      await sleep(20);
      await arrivals.poll();
    }
    await Promise.all([probing, watching]);
    const end = { at: Date.now(), polls: polls(fwd), usage: await usage(fwd) };
    // Stragglers (a busy machine) are waited for a while longer, outside the window.
    for (let waited = 0; pending.size && waited < 2 * PERIOD_MS; waited += 20) {
      await sleep(20);
      await arrivals.poll();
    }
    if (pending.size) {
      const missing = [...pending.keys()];
      const log = fwd
        .output()
        .split("\n")
        .filter((l) => missing.some((m) => l.includes(`"tenant":"${m}"`)));
      throw new Error(`records of ${missing.join(", ")} never arrived; their log:\n${log.slice(-20).join("\n")}`);
    }
    return {
      startSeconds,
      rss,
      peakRss: end.usage.peakRss,
      cpuPerPeriod: (end.usage.cpuSeconds - start.usage.cpuSeconds) / ((end.at - start.at) / PERIOD_MS),
      latencies,
      pollsInWindow: end.polls - start.polls,
    };
  } finally {
    await fwd.stop();
    await files.dispose();
  }
}

interface Separate {
  rss: number[];
  peakRss: number[];
  cpuPerPeriod: number;
}

/** SEPARATE of the tenants, each in a `run` of its own: one period watched after their first poll. */
async function separateProcesses(sim: TenantsSimulatorProcess, rsyslog: Rsyslog): Promise<Separate> {
  const chosen = sim.tenants.slice(0, SEPARATE);
  const files = await Promise.all(
    chosen.map((t) =>
      config(rsyslog, `source:\n  api: siem\n${t.entry.replace(/^ {2}- name: \S+\n/, "").replace(/^ {4}/gm, "  ")}`),
    ),
  );
  const fwds: RunningForwarder[] = [];
  try {
    for (const f of files) fwds.push(await startRun(f.config));
    while (fwds.some((f) => polls(f) < 1)) await sleep(200);
    const startAt = await untilPeriodStarts();
    const start = await Promise.all(fwds.map(usage));
    await sleep(startAt + PERIOD_MS - Date.now());
    const end = await Promise.all(fwds.map(usage));
    const cpu = end.reduce((sum, u, i) => sum + u.cpuSeconds - start[i]!.cpuSeconds, 0);
    return {
      rss: end.map((u) => u.rss),
      peakRss: end.map((u) => u.peakRss),
      cpuPerPeriod: cpu / ((Date.now() - startAt) / PERIOD_MS),
    };
  } finally {
    await Promise.all(fwds.map((f) => f.stop()));
    await Promise.all(files.map((f) => f.dispose()));
  }
}

const pct = (cpuSeconds: number) => `${((100 * cpuSeconds) / (PERIOD_MS / 1000)).toFixed(1)} %`;

async function run(): Promise<Table[]> {
  const [sim, rsyslog] = await Promise.all([startTenantsSimulatorProcess(TENANTS), startRsyslog()]);
  try {
    const one = await oneProcess(sim, rsyslog);
    const separate = await separateProcesses(sim, rsyslog);
    const scale = TENANTS / SEPARATE;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const steady = median(one.rss);
    const separateSteady = sum(separate.rss) * scale;
    const latency = one.latencies;
    return [
      {
        title: `**${count(TENANTS)} tenants in one process** (one-minute schedule, ${PERIODS} periods watched)`,
        columns: ["figure", "one process", `${count(TENANTS)} processes (${SEPARATE} measured × ${scale})`, "compared"],
        rows: [
          ["start until every tenant polled once, s", one.startSeconds.toFixed(1), "", ""],
          ["polls in the window", count(one.pollsInWindow), "", `${count(TENANTS * PERIODS)} scheduled`],
          [
            "resident memory, steady (median), MB",
            mb(steady),
            mb(separateSteady),
            `${(separateSteady / steady).toFixed(0)}× less in one process`,
          ],
          ["resident memory, highest in the window, MB", mb(Math.max(...one.rss)), "", ""],
          ["resident memory, peak (VmHWM, whole run), MB", mb(one.peakRss), mb(sum(separate.peakRss) * scale), ""],
          [
            "CPU per schedule period, s (% of one core)",
            `${one.cpuPerPeriod.toFixed(2)} (${pct(one.cpuPerPeriod)})`,
            `${(separate.cpuPerPeriod * scale).toFixed(2)} (${pct(separate.cpuPerPeriod * scale)})`,
            `${((separate.cpuPerPeriod * scale) / one.cpuPerPeriod).toFixed(1)}× less in one process`,
          ],
          [
            `latency over ${latency.length} records, median / 99th percentile / max, s`,
            `${median(latency).toFixed(2)} / ${percentile(latency, 99).toFixed(2)} / ${Math.max(...latency).toFixed(2)}`,
            "",
            "the wait for a tenant's next poll alone averages 30 s",
          ],
        ],
      },
      {
        title: `The ${SEPARATE} single-tenant processes, each`,
        columns: ["figure", "min", "median", "max"],
        rows: [
          ["resident memory after a period, MB", ...[0, 0.5, 1].map((q) => mb(percentile(separate.rss, q * 100)))],
          ["peak (VmHWM), MB", ...[0, 0.5, 1].map((q) => mb(percentile(separate.peakRss, q * 100)))],
        ],
      },
    ];
  } finally {
    await Promise.all([sim.close(), rsyslog.dispose()]);
  }
}

export const tenantsBench: BenchModule = {
  name: "tenants",
  method:
    `\`mde-forwarder run\` with ${TENANTS} tenants of \`simulate --tenants\` (a process of its own, no generated alerts) on the ` +
    "default one-minute schedule, `concurrency` 16, info logs, to a real rsyslog (TCP). Once every tenant has polled once, it is " +
    `watched over ${PERIODS} whole periods (BENCH_TENANTS_PERIODS), from 2 s before a minute: RSS every second, CPU time from /proc; ` +
    `meanwhile about ${PROBES_PER_SECOND} records a second are added, each to a random tenant (skipped when it has one in flight), and ` +
    "timed from the simulator's reply until their line is in rsyslog's file (polled every 20 ms). Beside it, " +
    `${SEPARATE} of the same tenants (BENCH_TENANTS_SEPARATE) each in a \`run\` of its own, watched over one period after their ` +
    `first poll, their memory and CPU added up and multiplied by ${TENANTS}/${SEPARATE}. BENCH_TENANTS changes the count.`,
  needs: ["rsyslogd"],
  run,
};
