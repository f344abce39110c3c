/**
 * The forwarder as an operator runs it: the built CLI in a process of its own, with a configuration file pointing
 * at the simulator and at rsyslog's TCP input, so its peak RSS and CPU are its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI } from "../../test/support/cli-process.js";
import { watchPeaks } from "./proc.js";

export interface ForwarderSettings {
  /** The simulator's `source:` section. */
  sourceYaml: string;
  syslogPort: number;
  maxWindow?: string;
  schedule?: string;
  mapping?: string;
  /** Extra `source:` lines, indented by two. */
  source?: string;
  logLevel?: string;
  /** health.listen; default off. */
  health?: string;
  /** Extra top-level lines (e.g. a `tenants:` section). */
  top?: string;
}

export interface ForwarderFiles {
  config: string;
  dir: string;
  dispose(): Promise<void>;
}

export async function writeForwarderConfig(s: ForwarderSettings): Promise<ForwarderFiles> {
  const dir = await mkdtemp(join(tmpdir(), "mdefwd-bench-"));
  const config = join(dir, "config.yaml");
  const yaml = `${s.sourceYaml}
  lookback: PT5M
  overlap: PT10M
  maxWindow: ${s.maxWindow ?? "PT1H"}
${s.source ?? ""}
schedule: ${JSON.stringify(s.schedule ?? "*/1 * * * *")}
mapping: ${s.mapping ?? "builtin:siem-cef"}
output:
  transport: tcp
  host: 127.0.0.1
  port: ${s.syslogPort}
  framing: octet-counting
  header: rfc5424
state:
  dir: ${JSON.stringify(join(dir, "state"))}
health:
  listen: ${s.health ?? "off"}
log:
  level: ${s.logLevel ?? "warn"}
${s.top ?? ""}
`;
  await writeFile(config, yaml);
  return { config, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface OnceResult {
  /** From spawning to exit. */
  seconds: number;
  peakRss: number;
  cpuSeconds: number;
  code: number | null;
  output: string;
}

/**
 * Runs `mde-forwarder once -c CONFIG ARGS…` and measures it; `nodeArgs` go to node (e.g. --cpu-prof), `cli` is
 * another build of the CLI (an older version, for before/after figures).
 */
export async function runOnce(
  config: string,
  args: string[],
  options: { nodeArgs?: string[]; cli?: string } = {},
): Promise<OnceResult> {
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), options.cli ?? CLI, "once", "-c", config, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const watch = watchPeaks(child.pid!);
  const [code] = (await once(child, "exit")) as [number | null];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const node = [...(await watch.stop()).values()][0] ?? { peakRss: 0, cpuSeconds: 0 };
  return { seconds, ...node, code, output };
}

export interface RunningForwarder {
  child: ChildProcess;
  /** What it logged so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `mde-forwarder run -c CONFIG` (of another build with `cli`), started; resolves once it logged that it started
 * (log.level info or more detailed).
 */
export async function startRun(config: string, cli = CLI): Promise<RunningForwarder> {
  const child = spawn(process.execPath, [cli, "run", "-c", config], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = () => output.includes("mde-forwarder started") && resolve();
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`run exited with ${code} before it started: ${output}`)));
  });
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
