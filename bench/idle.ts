/**
 * Idle footprint of the daemon (`run`, health server on): RSS and CPU after start, and after many polls of a tenant
 * with nothing new. An hour of polling is compressed by polling every second instead of every minute.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startRsyslog } from "../test/support/rsyslog.js";
import { count, mb, type BenchModule, type Table } from "./bench.js";
import { BASELINE_CLI } from "./catchup.js";
import { startRun, writeForwarderConfig, type RunningForwarder } from "./support/forwarder.js";
import { procUsage, type ProcUsage } from "./support/proc.js";
import { startSimulatorProcess } from "./support/simulator.js";

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 120);
const MINUTE_SCHEDULE_SECONDS = Number(process.env.BENCH_IDLE_MINUTE_SECONDS ?? 180);

/** How a daemon polls and for how long it is watched after its first polls. */
interface Plan {
  cron: string;
  name: string;
  firstPolls: number;
  seconds: number;
}

const FAST: Plan = { cron: "* * * * * *", name: "every second", firstPolls: 3, seconds: IDLE_SECONDS };
const DEFAULT: Plan = {
  cron: "*/1 * * * *",
  name: "every minute (default)",
  firstPolls: 1,
  seconds: MINUTE_SCHEDULE_SECONDS,
};

const polls = (fwd: RunningForwarder) => fwd.output().split("poll cycle done").length - 1;

async function usage(fwd: RunningForwarder): Promise<ProcUsage> {
  const u = await procUsage(fwd.child.pid!);
  if (!u) throw new Error(`the daemon is gone: ${fwd.output()}`);
  return u;
}

async function measure(fwd: RunningForwarder, plan: Plan, label: string): Promise<string[][]> {
  while (polls(fwd) < plan.firstPolls) await sleep(100);
  const start = { at: Date.now(), polls: polls(fwd), usage: await usage(fwd) };
  let highest = start.usage.rss;
  while (Date.now() - start.at < plan.seconds * 1000) {
    await sleep(1000);
    highest = Math.max(highest, (await usage(fwd)).rss);
  }
  const end = { at: Date.now(), polls: polls(fwd), usage: await usage(fwd) };
  const cpu = end.usage.cpuSeconds - start.usage.cpuSeconds;
  const wall = (end.at - start.at) / 1000;
  const more = end.polls - start.polls;
  const perPoll = more > 0 ? ` (${((cpu / more) * 1000).toFixed(1)} ms per poll)` : "";
  const atMinute = plan === FAST && more > 0 ? `; ${((100 * cpu) / more / 60).toFixed(3)} at one a minute` : "";
  return [
    [
      `${label}${plan.name}: after start (${start.polls} polls done)`,
      count(start.polls),
      mb(start.usage.rss),
      mb(start.usage.peakRss),
      start.usage.cpuSeconds.toFixed(2),
      "",
    ],
    [
      `${label}${plan.name}: after ${count(more)} more polls in ${wall.toFixed(0)} s`,
      count(end.polls),
      mb(end.usage.rss),
      mb(highest),
      cpu.toFixed(2),
      `${((100 * cpu) / wall).toFixed(3)}${atMinute}${perPoll}`,
    ],
  ];
}

/** One daemon (of `cli`, another build, when given) from its start to the end of the plan. */
async function idleRun(plan: Plan, cli?: string, label = ""): Promise<string[][]> {
  const [sim, rsyslog] = await Promise.all([startSimulatorProcess(), startRsyslog()]);
  const files = await writeForwarderConfig({
    sourceYaml: sim.sourceYaml,
    syslogPort: rsyslog.ports.tcp,
    schedule: plan.cron,
    health: "127.0.0.1:0",
    logLevel: "info",
  });
  const fwd = await startRun(files.config, cli);
  try {
    return await measure(fwd, plan, label);
  } finally {
    await fwd.stop();
    await Promise.all([sim.close(), rsyslog.dispose(), files.dispose()]);
  }
}

/** The libraries the daemon loads, each put to the use that loads the rest of it (got's request, fastify's listen). */
function librariesScript(withGot: boolean): string {
  const request = withGot
    ? 'await (await import("got")).default(url).text();'
    : 'await new Promise((done) => http.get(url, (res) => res.resume().on("end", done)));';
  return `import http from "node:http";
const [{ default: Fastify }, prom, { pino }, cron, { z }, YAML] = await Promise.all(
  ["fastify", "prom-client", "pino", "node-cron", "zod", "yaml"].map((name) => import(name)));
const app = Fastify(); app.get("/", async () => "ok"); const url = await app.listen({ host: "127.0.0.1", port: 0 });
${request} prom.collectDefaultMetrics(); pino().level = "warn"; cron.createTask("* * * * * *", () => {}).start();
z.object({ a: z.string() }).parse(YAML.parse("a: b"));`;
}

const FLOOR_SECONDS = 30;

/** A node process that only loads those libraries (or nothing), idle: the floor under the daemon's RSS. */
async function floor(name: string, script: string): Promise<string[]> {
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  const child = spawn(process.execPath, ["--input-type=module", "-e", `${script}\nsetInterval(() => {}, 1000);`], {
    cwd,
    stdio: "ignore",
  });
  try {
    await sleep(FLOOR_SECONDS * 1000);
    const u = await procUsage(child.pid!);
    if (!u) throw new Error(`${name}: the process is gone`);
    return [`floor: ${name}, idle ${FLOOR_SECONDS} s`, "", mb(u.rss), mb(u.peakRss), u.cpuSeconds.toFixed(2), ""];
  } finally {
    const exited = once(child, "exit");
    child.kill();
    await exited;
  }
}

async function run(): Promise<Table[]> {
  const floors = [
    await floor("node alone", ""),
    await floor("node with the daemon's libraries, each used once", librariesScript(true)),
    await floor("the same with node:http in place of got", librariesScript(false)),
  ];
  const rows = [...floors, ...(await idleRun(FAST)), ...(await idleRun(DEFAULT))];
  if (BASELINE_CLI) rows.push(...(await idleRun(FAST, BASELINE_CLI, "baseline build, ")));
  return [{ columns: ["moment", "polls", "RSS MB", "highest RSS MB", "CPU seconds", "CPU %"], rows }];
}

export const idleBench: BenchModule = {
  name: "idle",
  method:
    "`mde-forwarder run` (health server on, metrics with process metrics, JSON logs) polling an empty simulated tenant: every second for " +
    `${IDLE_SECONDS} s (${IDLE_SECONDS} polls, ${(IDLE_SECONDS / 60).toFixed(0)} hours of the default schedule compressed), then on the default ` +
    `one-minute schedule for ${MINUTE_SCHEDULE_SECONDS} s (idle between polls, as in production); RSS and CPU time from /proc. ` +
    "BENCH_IDLE_SECONDS and BENCH_IDLE_MINUTE_SECONDS change the durations. The floors: a node process with nothing loaded, one that " +
    "loads the daemon's libraries (got, fastify, prom-client, pino, node-cron, zod, yaml), uses each once and idles, and the same with node:http " +
    "in place of got.",
  needs: ["rsyslogd"],
  run,
};
