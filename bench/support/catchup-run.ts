/**
 * One catch-up, measured from outside: N records already in the simulator, one process that collects them and sends
 * them to a fresh rsyslog over TCP, timed from its start until rsyslog has written every message.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { startRsyslog, type Rsyslog } from "../../test/support/rsyslog.js";
import { microsoftTime } from "../../src/util/microsoft-time.js";
import { Arrivals } from "./arrivals.js";
import { runOnce, writeForwarderConfig } from "./forwarder.js";
import { watchPeaks } from "./proc.js";
import type { SimulatorProcess } from "./simulator.js";

export interface CatchupResult {
  /** From the process's start until rsyslog has every message. */
  seconds: number;
  /** The process's peak RSS (the shell pipeline: its largest process). */
  peakRss: number;
  /** Peak RSS and CPU seconds per command name. */
  processes: Map<string, { peakRss: number; cpuSeconds: number }>;
  /** The messages as rsyslog wrote them (for comparing the two pipelines), when asked for. */
  lines?: string[];
}

export interface Range {
  since: Date;
  until: Date;
  records: number;
}

const SHELL_BASELINE = fileURLToPath(new URL("../baseline/siem-to-syslog.sh", import.meta.url));

async function withRsyslog<T>(work: (rsyslog: Rsyslog, arrivals: Arrivals) => Promise<T>): Promise<T> {
  const rsyslog = await startRsyslog();
  try {
    return await work(rsyslog, new Arrivals(rsyslog.file("tcp")));
  } finally {
    await rsyslog.dispose();
  }
}

async function linesOf(rsyslog: Rsyslog, keep: boolean): Promise<string[] | undefined> {
  return keep ? (await rsyslog.read("tcp")).split("\n").filter(Boolean) : undefined;
}

/** `mde-forwarder once` over the range, with windows of at most `maxWindow`. */
export async function forwarderCatchup(
  sim: SimulatorProcess,
  range: Range,
  options: { maxWindow: string; source?: string; keepLines?: boolean; nodeArgs?: string[]; cli?: string },
): Promise<CatchupResult> {
  return withRsyslog(async (rsyslog, arrivals) => {
    const files = await writeForwarderConfig({
      sourceYaml: sim.sourceYaml,
      syslogPort: rsyslog.ports.tcp,
      maxWindow: options.maxWindow,
      source: options.source,
    });
    try {
      const started = process.hrtime.bigint();
      const done = runOnce(
        files.config,
        ["--since", range.since.toISOString(), "--until", range.until.toISOString()],
        options,
      );
      const arrived = arrivals.waitFor(range.records, { timeoutMs: 120_000 });
      const result = await done;
      if (result.code !== 0) throw new Error(`once exited with ${result.code}:\n${result.output}`);
      await arrived;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return {
        seconds,
        peakRss: result.peakRss,
        processes: new Map([["node", result]]),
        lines: await linesOf(rsyslog, options.keepLines ?? false),
      };
    } finally {
      await files.dispose();
    }
  });
}

/** bench/baseline/siem-to-syslog.sh over the range: curl, jq and logger as an administrator would chain them. */
export async function shellCatchup(
  sim: SimulatorProcess,
  range: Range,
  options: { keepLines?: boolean } = {},
): Promise<CatchupResult> {
  return withRsyslog(async (rsyslog, arrivals) => {
    const env = {
      ...process.env,
      TOKEN_URL: sim.tokenUrl,
      RESOURCE: sim.resource,
      CLIENT_ID: sim.clientId,
      CLIENT_SECRET: sim.clientSecret,
      API_URL: sim.url,
      SINCE: microsoftTime(range.since),
      UNTIL: microsoftTime(range.until),
      SYSLOG_HOST: "127.0.0.1",
      SYSLOG_PORT: String(rsyslog.ports.tcp),
    };
    const started = process.hrtime.bigint();
    const child = spawn("bash", [SHELL_BASELINE], { env, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (c: Buffer) => (errors += c.toString()));
    const watch = watchPeaks(child.pid!, 50);
    const arrived = arrivals.waitFor(range.records, { timeoutMs: 600_000 });
    const [code] = (await once(child, "exit")) as [number | null];
    const processes = await watch.stop();
    if (code !== 0) throw new Error(`the shell pipeline exited with ${code}: ${errors}`);
    await arrived;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRss = Math.max(...[...processes.values()].map((p) => p.peakRss));
    return { seconds, peakRss, processes, lines: await linesOf(rsyslog, options.keepLines ?? false) };
  });
}
