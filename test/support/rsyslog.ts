/**
 * A private rsyslog receiver for tests, with the traps of its configuration avoided: UDP on 127.0.0.1 and ::1, TCP
 * (both framings on one port), TLS, mutual TLS, a TLS port that serves an expired certificate, and on demand RELP
 * (imrelp, plain and TLS). Each input writes the exact messages it receives (`%rawmsg%`), one per line, to its own
 * file.
 *
 *   const rsyslog = await startRsyslog({ certs: await makeCerts() });
 *   … send to rsyslog.ports.tcp …
 *   const lines = await rsyslog.waitForLines("tcp", 3);
 *   await rsyslog.stop();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { TestCerts } from "./certs.js";
import { freeTcpPort, freeUdpPort } from "./ports.js";

export type RsyslogOutput = "udp" | "udp6" | "tcp" | "tls" | "mtls" | "relp" | "relptls";

export interface RsyslogPorts {
  udp: number;
  udp6: number;
  tcp: number;
  /** TLS, server authentication only (needs `certs`). */
  tls?: number;
  /** TLS that requires a client certificate signed by the test CA. */
  mtls?: number;
  /** TLS whose server certificate has expired: nothing should ever arrive. */
  expired?: number;
  /** RELP (imrelp), with `relp`. */
  relp?: number;
  /** RELP over TLS that requires a client certificate signed by the test CA (needs `relp` and `certs`). */
  relptls?: number;
}

export interface Rsyslog {
  ports: RsyslogPorts;
  dir: string;
  /** The file an input writes to. */
  file(output: RsyslogOutput): string;
  /** What arrived so far (empty when nothing did). */
  read(output: RsyslogOutput): Promise<string>;
  /** Polls until the output holds at least `count` lines, then returns them all (without the last LF). */
  waitForLines(output: RsyslogOutput, count: number, timeoutMs?: number): Promise<string[]>;
  /** Polls until the lines that arrived satisfy `done`, then returns them. */
  waitUntil(output: RsyslogOutput, done: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  /** Stops rsyslogd (it flushes its files); `start` runs it again on the same ports. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

export interface RsyslogOptions {
  /** Enables the TLS inputs. */
  certs?: TestCerts;
  /** Enables the RELP inputs (the rsyslog-relp package). */
  relp?: boolean;
  /**
   * A relay: what the TCP input receives goes on with rsyslog's own RELP client (omrelp, window 128, retrying for
   * ever) to this port on 127.0.0.1, instead of to its file.
   */
  relayToRelp?: number;
}

function configuration(dir: string, ports: RsyslogPorts, { certs, relayToRelp }: RsyslogOptions): string {
  const out = (name: string) => join(dir, "out", `${name}.log`);
  const store = (name: string) => `action(type="omfile" file="${out(name)}" template="raw")`;
  const relay =
    `action(type="omrelp" target="127.0.0.1" port="${relayToRelp}" template="relay" windowSize="128"` +
    ` queue.type="LinkedList" queue.size="100000" action.resumeRetryCount="-1" action.resumeInterval="1")`;
  const lines = [
    `global(workDirectory="${join(dir, "work")}" maxMessageSize="64k"`,
    `       parser.escapeControlCharactersOnReceive="off"`,
    ...(certs
      ? [
          `       defaultNetstreamDriverCAFile="${certs.ca}"`,
          `       defaultNetstreamDriverCertFile="${certs.server.cert}"`,
          `       defaultNetstreamDriverKeyFile="${certs.server.key}"`,
        ]
      : []),
    `)`,
    ...(relayToRelp ? [`module(load="omrelp")`] : []),
    `template(name="raw" type="string" string="%rawmsg%\\n")`,
    `template(name="relay" type="string" string="%rawmsg%")`,
    ...(["udp", "udp6", "tcp", "tls", "mtls", "relp", "relptls"] as const).map(
      (name) => `ruleset(name="${name}"){ ${name === "tcp" && relayToRelp ? relay : store(name)} }`,
    ),
    `module(load="imudp")`,
    `input(type="imudp" address="127.0.0.1" port="${ports.udp}" ruleset="udp")`,
    `input(type="imudp" address="::1" port="${ports.udp6}" ruleset="udp6")`,
    `module(load="imtcp" maxSessions="200")`,
    `input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="tcp" streamDriver.name="ptcp")`,
  ];
  if (certs) {
    // GnuTLS for the plain TLS inputs: rsyslog's OpenSSL driver (8.2302) can leave the last frame of a session
    // unwritten after other sessions failed on the same port. OpenSSL for client certificates: it refuses one with a
    // TLS alert, as receivers do, where GnuTLS only closes the connection.
    const tls = `type="imtcp" address="127.0.0.1" streamDriver.name="gtls" streamDriver.mode="1"`;
    const mtls = `type="imtcp" address="127.0.0.1" streamDriver.name="ossl" streamDriver.mode="1"`;
    lines.push(
      `input(${tls} port="${ports.tls}" ruleset="tls" streamDriver.authMode="anon")`,
      `input(${mtls} port="${ports.mtls}" ruleset="mtls" streamDriver.authMode="x509/certvalid")`,
      `input(${tls} port="${ports.expired}" ruleset="tls" streamDriver.authMode="anon"` +
        ` streamDriver.certFile="${certs.expired.cert}" streamDriver.keyFile="${certs.expired.key}")`,
    );
  }
  if (ports.relp) {
    lines.push(`module(load="imrelp")`, `input(type="imrelp" address="127.0.0.1" port="${ports.relp}" ruleset="relp")`);
    // librelp's own TLS (GnuTLS), with the client's certificate checked against the test CA.
    if (certs)
      lines.push(
        `input(type="imrelp" address="127.0.0.1" port="${ports.relptls}" ruleset="relptls" tls="on"` +
          ` tls.cacert="${certs.ca}" tls.mycert="${certs.server.cert}" tls.myprivkey="${certs.server.key}"` +
          ` tls.authMode="certvalid")`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** Resolves once the input on `port` accepts connections. */
async function waitUntilListening(port: number, process: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (process.exitCode !== null)
      throw new Error(`rsyslogd exited (${process.exitCode}): ${await readFile(log, "utf8")}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(() => resolve(true))).once("error", () =>
        resolve(false),
      );
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error(`rsyslogd did not listen on ${port}: ${await readFile(log, "utf8")}`);
}

/** Starts a receiver and waits until it listens. */
export async function startRsyslog(options: RsyslogOptions = {}): Promise<Rsyslog> {
  const rsyslog = await createRsyslog(options);
  await rsyslog.start();
  return rsyslog;
}

/** Writes the configuration and picks the ports, but does not start rsyslogd: for "receiver down at start" tests. */
export async function createRsyslog(options: RsyslogOptions = {}): Promise<Rsyslog> {
  const dir = await mkdtemp(join(tmpdir(), "mdefwd-rsyslog-"));
  await Promise.all(["out", "work"].map((d) => mkdir(join(dir, d))));
  const tcpPorts = await Promise.all(Array.from({ length: 6 }, () => freeTcpPort()));
  const ports: RsyslogPorts = {
    udp: await freeUdpPort(),
    udp6: await freeUdpPort("::1"),
    tcp: tcpPorts[0]!,
    ...(options.certs ? { tls: tcpPorts[1]!, mtls: tcpPorts[2]!, expired: tcpPorts[3]! } : {}),
    ...(options.relp ? { relp: tcpPorts[4]! } : {}),
    ...(options.relp && options.certs ? { relptls: tcpPorts[5]! } : {}),
  };
  const conf = join(dir, "rsyslog.conf");
  const log = join(dir, "rsyslogd.log");
  await writeFile(conf, configuration(dir, ports, options));
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const file = (output: RsyslogOutput) => join(dir, "out", `${output}.log`);
  const read = (output: RsyslogOutput) => readFile(file(output), "utf8").catch(() => "");

  const rsyslog: Rsyslog = {
    ports,
    dir,
    file,
    read,
    waitForLines(output, count, timeoutMs) {
      return rsyslog
        .waitUntil(output, (lines) => lines.length >= count, timeoutMs)
        .catch((err: Error) => {
          throw new Error(`rsyslog ${output}: fewer than ${count} lines; ${err.message}`);
        });
    },
    async waitUntil(output, done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await read(output);
        const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
        if (done(lines)) return lines;
        if (Date.now() > deadline) throw new Error(`${lines.length} lines after ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    async start() {
      const handle = await open(log, "a");
      child = spawn("rsyslogd", ["-n", "-f", conf, "-i", join(dir, "work", "rsyslogd.pid")], {
        stdio: ["ignore", handle.fd, handle.fd],
      });
      await handle.close();
      await waitUntilListening(ports.tcp, child, log);
      if (ports.relp) await waitUntilListening(ports.relp, child, log);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      const killer = setTimeout(() => running.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
    async dispose() {
      await rsyslog.stop();
      process.off("exit", killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return rsyslog;
}
