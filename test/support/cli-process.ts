/** The built command line (`npm run build` first, as `npm test` does), run as a user would run it. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
}

export function runBuiltCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Starts a long-running command and resolves once its standard output contains `ready`. */
export function startBuiltCli(args: string[], ready: string): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve({ child, output });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready: ${output}`)));
  });
}

export interface RunProcess extends ChildProcess {
  /**
   * Resolves when it exits; rejects when it exits on its own with an error (a start-up failure), saying what it said.
   */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote so far. */
  printed(): { stdout: string; stderr: string };
  /** Resolves once its standard output contains `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
}

/** `run -c FILE` as operators start it (the daemon), with its output kept. */
export function startRunProcess(config: string, logLevel = "info"): RunProcess {
  const child = spawn(process.execPath, [CLI, "run", "-c", config, "--log-level", logLevel], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let [stdout, stderr] = ["", ""];
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("exit", (code, signal) => {
      if (code !== 0 && signal === null)
        reject(new Error(`mde-forwarder run exited with ${String(code)}: ${stderr}${stdout.slice(-2000)}`));
      else resolve({ code, signal });
    });
  });
  exited.catch(() => undefined);
  const waitForOutput = async (text: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!stdout.includes(text)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`mde-forwarder run ended before writing "${text}": ${stderr}`);
      if (Date.now() > deadline) throw new Error(`mde-forwarder run did not write "${text}" within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return Object.assign(child, { exited, printed: () => ({ stdout, stderr }), waitForOutput });
}
