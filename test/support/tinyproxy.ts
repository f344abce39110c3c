/**
 * A private tinyproxy on loopback for the proxy tests: its own configuration file and port, never the system service,
 * optionally with Basic authentication. Its log (level Connect) names every CONNECT it served.
 *
 *   const proxy = await startTinyproxy({ user: "alice", password: "s3cret" });
 *   … requests through proxy.url …
 *   expect(await proxy.connects()).toContain(`127.0.0.1:${port}`);
 *   await proxy.dispose();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureInstalled } from "../../scripts/prerequisites.js";
import { freeTcpPort } from "./ports.js";

export interface Tinyproxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  url: string;
  port: number;
  /** The `host:port` targets of the CONNECT requests it logged so far, in order. */
  connects(): Promise<string[]>;
  dispose(): Promise<void>;
}

export interface TinyproxyOptions {
  /** Require Basic authentication with these credentials. */
  user?: string;
  password?: string;
}

async function listening(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited (${child.exitCode}): ${await read(log)}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(() => resolve(true))).once("error", () =>
        resolve(false),
      );
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error(`tinyproxy did not listen on ${port}: ${await read(log)}`);
}

const read = (file: string) => readFile(file, "utf8").catch(() => "");

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const missing = await ensureInstalled(["tinyproxy"], "The proxy tests");
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), "mdefwd-tinyproxy-"));
  const port = await freeTcpPort();
  const log = join(dir, "tinyproxy.log");
  const conf = join(dir, "tinyproxy.conf");
  await writeFile(
    conf,
    [
      `Port ${port}`,
      "Listen 127.0.0.1",
      "Timeout 30",
      `LogFile "${log}"`,
      "LogLevel Connect",
      "MaxClients 50",
      "Allow 127.0.0.1",
      "DisableViaHeader Yes",
      ...(options.user === undefined ? [] : [`BasicAuth ${options.user} ${options.password ?? ""}`]),
      "",
    ].join("\n"),
  );
  const child = spawn("tinyproxy", ["-d", "-c", conf], { stdio: "ignore" });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  await listening(port, child, log);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async connects() {
      return [...(await read(log)).matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map((m) => m[1]!);
    },
    async dispose() {
      process.off("exit", killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
