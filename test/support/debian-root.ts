/**
 * A clean Debian 12 root to install the .deb in and boot with systemd-nspawn (Debian packages mmdebstrap and
 * systemd-container). mmdebstrap takes about a minute, so the root is made once and kept in a cache folder named by its
 * suite and package list; each test works on a copy.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const SUITE = "bookworm";
// man-db and bash-completion as an administrator's system has them: the package's man pages and completion are
// looked up through them.
const INCLUDE = "systemd,systemd-sysv,dbus,man-db,bash-completion";

/** Runs a command to its end (without blocking the test worker: these take minutes); its output on failure. */
export function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${command} ${args.join(" ")} failed: ${err.message}\n${stderr}${stdout}`))
        : resolve(stdout),
    ),
  );
}

/** The cached root (made now when missing) and how long making it took, if it was made. */
export async function cachedRoot(): Promise<{ root: string; madeInMs?: number }> {
  const key = createHash("sha256").update(`${SUITE} minbase ${INCLUDE}`).digest("hex").slice(0, 12);
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mde-forwarder", "roots");
  const root = join(cache, `${SUITE}-${key}`);
  if (existsSync(root)) return { root };
  mkdirSync(cache, { recursive: true });
  const partial = `${root}.partial-${process.pid}`;
  const started = Date.now();
  try {
    await run("mmdebstrap", ["--quiet", "--variant=minbase", `--include=${INCLUDE}`, SUITE, partial]);
    renameSync(partial, root);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return { root, madeInMs: Date.now() - started };
}

/** A copy of the cached root at `target`. */
export async function copyRoot(source: string, target: string): Promise<void> {
  await run("cp", ["-a", source, target]);
}

// This host's PID 1 may not be systemd (a container, a CI sandbox): no machined to register with and no bus to ask for
// a scope, so nspawn runs in the caller's cgroup, unregistered.
const NSPAWN = ["--quiet", "--register=no", "--keep-unit"];

/** Runs one command inside the root (not booted): dpkg, systemctl enable, … */
export function inRoot(root: string, args: readonly string[], binds: readonly string[] = []): Promise<string> {
  return run("systemd-nspawn", [...NSPAWN, "-D", root, ...binds.map((b) => `--bind=${b}`), ...args]);
}

/** Boots the root with its own systemd until it powers off (or `timeoutMs` passes: then it is killed). */
export function boot(
  root: string,
  binds: readonly string[],
  timeoutMs: number,
): Promise<{ code: number | null; console: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("systemd-nspawn", [...NSPAWN, "-D", root, "--boot", ...binds.map((b) => `--bind=${b}`)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, console: output });
    });
  });
}

/** `systemctl show` output as a map. */
export function properties(text: string): Map<string, string> {
  return new Map(
    text
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}
