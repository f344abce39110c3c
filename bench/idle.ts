/**
 * Idle footprint of the daemon (`run`, health server on): RSS and CPU after start, and after many polls of a tenant
 * with nothing new. An hour of polling is compressed by polling every second instead of every minute.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startRsyslog } from "../test/support/rsyslog.js";
import { count, mb, type BenchModule, type Table } from "./bench.js";
import { BASELINE_CLI } from "./catchup.js";
import { startRun, writeForwarderConfig, type RunningForwarder } from "./support/forwarder.js";
import { procUsage, type ProcUsage } from "./support/proc.js";
import { startSimulatorProcess } from "./support/simulator.js";

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 120);

const polls = (fwd: RunningForwarder) => fwd.output().split("poll cycle done").length - 1;

async function usage(fwd: RunningForwarder): Promise<ProcUsage> {
  const u = await procUsage(fwd.child.pid!);
  if (!u) throw new Error(`the daemon is gone: ${fwd.output()}`);
  return u;
}

async function measure(fwd: RunningForwarder, label: string): Promise<string[][]> {
  while (polls(fwd) < 3) await sleep(100);
  const start = { at: Date.now(), polls: polls(fwd), usage: await usage(fwd) };
  let highest = start.usage.rss;
  while (Date.now() - start.at < IDLE_SECONDS * 1000) {
    await sleep(1000);
    highest = Math.max(highest, (await usage(fwd)).rss);
  }
  const end = { at: Date.now(), polls: polls(fwd), usage: await usage(fwd) };
  const cpu = end.usage.cpuSeconds - start.usage.cpuSeconds;
  const perPoll = cpu / (end.polls - start.polls);
  const wall = (end.at - start.at) / 1000;
  const cpuNote = `${((100 * cpu) / wall).toFixed(2)} at one poll a second; ${((100 * perPoll) / 60).toFixed(3)} at one a minute (${(perPoll * 1000).toFixed(1)} ms per poll)`;
  return [
    [`${label}after start (3 polls done)`, count(start.polls), mb(start.usage.rss), mb(start.usage.peakRss), start.usage.cpuSeconds.toFixed(2), ""],
    [`${label}after ${count(end.polls - start.polls)} more polls in ${wall.toFixed(0)} s (one a second)`, count(end.polls), mb(end.usage.rss), mb(highest), cpu.toFixed(2), cpuNote],
  ];
}

/** One daemon (of `cli`, another build, when given) from start to the end of its idle polling. */
async function idleRun(cli: string | undefined, label: string): Promise<string[][]> {
  const [sim, rsyslog] = await Promise.all([startSimulatorProcess(), startRsyslog()]);
  const files = await writeForwarderConfig({ sourceYaml: sim.sourceYaml, syslogPort: rsyslog.ports.tcp, schedule: "* * * * * *", health: "127.0.0.1:0", logLevel: "info" });
  const fwd = await startRun(files.config, cli);
  try {
    return await measure(fwd, label);
  } finally {
    await fwd.stop();
    await Promise.all([sim.close(), rsyslog.dispose(), files.dispose()]);
  }
}

async function run(): Promise<Table[]> {
  const rows = await idleRun(undefined, "");
  if (BASELINE_CLI) rows.push(...(await idleRun(BASELINE_CLI, "baseline build: ")));
  return [{ columns: ["moment", "polls", "RSS MB", "highest RSS MB", "CPU seconds", "CPU %"], rows }];
}

export const idleBench: BenchModule = {
  name: "idle",
  method:
    `\`mde-forwarder run\` (health server on, metrics with process metrics, JSON logs) polling an empty simulated tenant every second for ` +
    `${IDLE_SECONDS} s (${IDLE_SECONDS} polls: ${(IDLE_SECONDS / 60).toFixed(0)} hours of the default one-minute schedule); RSS and CPU time from /proc. ` +
    "BENCH_IDLE_SECONDS=3600 polls for a real hour.",
  needs: ["rsyslogd"],
  run,
};
