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

/** Payloads (from "CEF:" on: the syslog headers differ) counted by digest: equal multisets or a message why not. */
function compareMessages(ours: string[], theirs: string[]): string | undefined {
  const tally = new Map<string, number>();
  const digest = (line: string) => createHash("sha1").update(line.slice(line.indexOf("CEF:"))).digest("base64");
  for (const line of ours) tally.set(digest(line), (tally.get(digest(line)) ?? 0) + 1);
  for (const line of theirs) {
    const key = digest(line);
    const left = tally.get(key);
    if (!left) return `the shell pipeline sent a message mde-forwarder did not: ${line.slice(0, 300)}`;
    tally.set(key, left - 1);
  }
  return ours.length === theirs.length ? undefined : `mde-forwarder sent ${ours.length} messages, the shell pipeline ${theirs.length}`;
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

async function run(): Promise<Table[]> {
  const sim = await startSimulatorProcess();
  try {
    const range = await catchupRange(sim, RECORDS, 60);
    const nodeArgs = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
    const first = await forwarderCatchup(sim, range, { maxWindow: "PT2H", keepLines: true, nodeArgs });
    const shell = await shellCatchup(sim, range, { keepLines: true });
    const different = compareMessages(first.lines!, shell.lines!);
    if (different) throw new Error(`the two pipelines did not deliver the same messages: ${different}`);
    const ours = [first];
    for (let i = 1; i < FORWARDER_RUNS; i++) ours.push(await forwarderCatchup(sim, range, { maxWindow: "PT2H", nodeArgs }));
    const seconds = median(ours.map((r) => r.seconds));
    const rss = median(ours.map((r) => r.peakRss));
    const rate = (s: number) => count(RECORDS / s);
    return [
      {
        columns: ["case", "records", "seconds", "records/s", "peak RSS MB", "compared"],
        rows: [
          [
            `mde-forwarder once, one ${count(RECORDS)}-record window`,
            count(RECORDS),
            seconds.toFixed(2),
            rate(seconds),
            mb(rss),
            `${(shell.seconds / seconds).toFixed(1)}× the shell pipeline's throughput; median of ${FORWARDER_RUNS} (spread ${spread(ours.map((r) => r.seconds))}, peak RSS ${ours.map((r) => mb(r.peakRss)).join(", ")} MB)`,
          ],
          ["shell: curl | jq | logger --tcp", count(RECORDS), shell.seconds.toFixed(2), rate(shell.seconds), mb(shell.peakRss), `one run; ${processes(shell)}`],
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
    "both deliver the same CEF payloads (checked).",
  needs: ["rsyslogd", "curl", "jq", "logger"],
  run,
};
