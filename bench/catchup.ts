/**
 * End-to-end catch-up: 100,000 SIEM records waiting in the simulator (its own process), collected over HTTP and sent
 * to a real rsyslog over TCP, by `mde-forwarder once` (one 100,000-record window) and by the shell pipeline an
 * administrator would write from Microsoft's sample (curl, jq, logger). Both must deliver the same CEF messages.
 */
import { createHash } from "node:crypto";
import { count, mb, median, spread, type BenchModule, type Table } from "./bench.js";
import { forwarderCatchup, shellCatchup, type CatchupResult, type Range } from "./support/catchup-run.js";
import { startSimulatorProcess, type SimulatorProcess } from "./support/simulator.js";

const RECORDS = 100_000;
const FORWARDER_RUNS = 3;
/** Added to every API request of the latency catch-up: a distant API, as the real one is from most hosts. */
const LATENCY_MS = 300;
/** Pieces of at most 2,000 records: enough requests that their latency weighs about as much as the forwarder's work. */
const LATENCY_SPLIT_ABOVE = 2000;

/** Payloads (from "CEF:" on: the syslog headers differ) counted by digest: equal multisets or a message why not. */
function compareMessages(ours: string[], theirs: string[]): string | undefined {
  const tally = new Map<string, number>();
  const digest = (line: string) =>
    createHash("sha1")
      .update(line.slice(line.indexOf("CEF:")))
      .digest("base64");
  for (const line of ours) tally.set(digest(line), (tally.get(digest(line)) ?? 0) + 1);
  for (const line of theirs) {
    const key = digest(line);
    const left = tally.get(key);
    if (!left) return `the shell pipeline sent a message mde-forwarder did not: ${line.slice(0, 300)}`;
    tally.set(key, left - 1);
  }
  return ours.length === theirs.length
    ? undefined
    : `mde-forwarder sent ${ours.length} messages, the shell pipeline ${theirs.length}`;
}

function processes(result: CatchupResult): string {
  return [...result.processes]
    .filter(([name]) => name !== "bash")
    .map(([name, p]) => `${name} ${mb(p.peakRss)} MB, ${p.cpuSeconds.toFixed(1)} s CPU`)
    .join("; ");
}

/** Adds `records` spread over the last `minutes` to the simulator: the range a catch-up of them reads. */
export async function catchupRange(sim: SimulatorProcess, records: number, minutes: number): Promise<Range> {
  const visible = await sim.addRecords(records, `PT${minutes}M`);
  return { since: new Date(visible - (minutes + 5) * 60_000), until: new Date(visible + 1000), records };
}

/** Another build of the CLI to compare with (e.g. main before a change): `BENCH_BASELINE_CLI=/path/dist/cli.js`. */
export const BASELINE_CLI = process.env.BENCH_BASELINE_CLI;
const NODE_ARGS = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];

function row(name: string, runs: CatchupResult[], note: string): string[] {
  const seconds = median(runs.map((r) => r.seconds));
  const runsNote =
    runs.length > 1
      ? `median of ${runs.length} (spread ${spread(runs.map((r) => r.seconds))}, peak RSS ${runs.map((r) => mb(r.peakRss)).join(", ")} MB)`
      : "";
  return [
    name,
    count(RECORDS),
    seconds.toFixed(2),
    count(RECORDS / seconds),
    mb(median(runs.map((r) => r.peakRss))),
    [note, runsNote].filter(Boolean).join("; "),
  ];
}

/**
 * The same catch-up against an API that answers each request 300 ms late, in smaller pieces; beside it, the
 * API's time alone (the same requests replayed, bodies read and dropped) and the forwarder's CPU time: reading one
 * piece ahead, the wall time should come near the larger of the two rather than their sum.
 */
async function latencyTable(): Promise<Table> {
  const sim = await startSimulatorProcess();
  try {
    const range = await catchupRange(sim, RECORDS, 60);
    await sim.addLatency(LATENCY_MS);
    const source = `  splitAbove: ${LATENCY_SPLIT_ABOVE}`;
    const forwarder = (cli?: string) => forwarderCatchup(sim, range, { maxWindow: "PT2H", source, cli });
    const ours: CatchupResult[] = [];
    const before: CatchupResult[] = [];
    let requests: { since: string; until: string }[] = [];
    for (let i = 0; i < FORWARDER_RUNS; i++) {
      if (BASELINE_CLI) before.push(await forwarder(BASELINE_CLI));
      const served = (await sim.apiRequests()).length;
      ours.push(await forwarder());
      requests = (await sim.apiRequests()).slice(served);
    }
    const api = await sim.replay(requests);
    const cpu = (runs: CatchupResult[]) => median(runs.map((r) => r.processes.get("node")!.cpuSeconds));
    const wall = (runs: CatchupResult[]) => median(runs.map((r) => r.seconds));
    const against = (runs: CatchupResult[]) => {
      const [sum, max] = [api + cpu(runs), Math.max(api, cpu(runs))];
      return `${cpu(runs).toFixed(1)} s CPU; wall ${(wall(runs) / sum).toFixed(2)} of API + CPU (${sum.toFixed(1)} s), ${(wall(runs) / max).toFixed(2)} of the larger (${max.toFixed(1)} s)`;
    };
    const vsBefore = before.length ? `${(wall(before) / wall(ours)).toFixed(2)}× faster than the baseline build; ` : "";
    return {
      title: `**Catch-up with ${LATENCY_MS} ms added to every API request** (splitAbove ${count(LATENCY_SPLIT_ABOVE)}, ${count(requests.length)} requests)`,
      columns: ["case", "records", "seconds", "records/s", "peak RSS MB", "compared"],
      rows: [
        row(`mde-forwarder once, ${LATENCY_MS} ms per request`, ours, `${vsBefore}${against(ours)}`),
        ...(before.length ? [row(`baseline build, ${LATENCY_MS} ms per request`, before, against(before))] : []),
        [
          `API alone: the same ${requests.length} requests, one after the other`,
          count(RECORDS),
          api.toFixed(2),
          count(RECORDS / api),
          "",
          "bodies read and dropped",
        ],
      ],
    };
  } finally {
    await sim.close();
  }
}

async function run(): Promise<Table[]> {
  return [...(await directTables()), await latencyTable()];
}

async function directTables(): Promise<Table[]> {
  const sim = await startSimulatorProcess();
  try {
    const range = await catchupRange(sim, RECORDS, 60);
    const forwarder = (cli?: string, keepLines = false) =>
      forwarderCatchup(sim, range, { maxWindow: "PT2H", keepLines, nodeArgs: NODE_ARGS, cli });
    // The first run also warms the simulator up, and keeps the lines for the comparison: it is not timed.
    const checked = await forwarder(undefined, true);
    const shell = await shellCatchup(sim, range, { keepLines: true });
    const different = compareMessages(checked.lines!, shell.lines!);
    if (different) throw new Error(`the two pipelines did not deliver the same messages: ${different}`);
    const ours: CatchupResult[] = [];
    const before: CatchupResult[] = [];
    for (let i = 0; i < FORWARDER_RUNS; i++) {
      // Alternating which build goes first, so that neither always follows the other's leftovers.
      if (BASELINE_CLI && i % 2 === 0) before.push(await forwarder(BASELINE_CLI));
      ours.push(await forwarder());
      if (BASELINE_CLI && i % 2 === 1) before.push(await forwarder(BASELINE_CLI));
    }
    const t = {
      ours: median(ours.map((r) => r.seconds)),
      shell: shell.seconds,
      before: before.length ? median(before.map((r) => r.seconds)) : 0,
    };
    const rss = {
      ours: median(ours.map((r) => r.peakRss)),
      before: before.length ? median(before.map((r) => r.peakRss)) : 0,
    };
    // CPU time depends less than wall time on what else the machine runs.
    const cpu = (runs: CatchupResult[]) => median(runs.map((r) => r.processes.get("node")!.cpuSeconds));
    const vsBefore = before.length
      ? `, ${(t.before / t.ours).toFixed(2)}× faster, ${(cpu(before) / cpu(ours)).toFixed(2)}× less CPU and ${(rss.before / rss.ours).toFixed(2)}× less peak RSS than the baseline build`
      : "";
    return [
      {
        columns: ["case", "records", "seconds", "records/s", "peak RSS MB", "compared"],
        rows: [
          row(
            `mde-forwarder once, one ${count(RECORDS)}-record window`,
            ours,
            `${(t.shell / t.ours).toFixed(1)}× the shell pipeline's throughput${vsBefore}; ${cpu(ours).toFixed(1)} s CPU`,
          ),
          ...(before.length
            ? [row(`baseline build (${BASELINE_CLI})`, before, `${cpu(before).toFixed(1)} s CPU`)]
            : []),
          row("shell: curl | jq | logger --tcp", [shell], `one run; ${processes(shell)}`),
        ],
      },
    ];
  } finally {
    await sim.close();
  }
}

export const catchupBench: BenchModule = {
  name: "catchup",
  method:
    `${count(RECORDS)} SIEM records (realistic, ~2 KB of JSON each) added to the simulator (its own process), then collected over HTTP and sent ` +
    "as CEF over TCP (octet counting, RFC 5424 header) to a real rsyslog writing them to a file; timed from the collector's start until rsyslog " +
    "wrote every message. Peak RSS: VmHWM of the collector's processes, sampled from /proc. The shell pipeline is bench/baseline/siem-to-syslog.sh; " +
    `both deliver the same CEF payloads (checked). Then the same catch-up from a simulator that delays every API response by ${LATENCY_MS} ms, ` +
    `in pieces of at most ${count(LATENCY_SPLIT_ABOVE)} records (source.splitAbove).`,
  needs: ["rsyslogd", "curl", "jq", "logger"],
  run,
};
