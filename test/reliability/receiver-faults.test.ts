/**
 * Receiver faults, over TCP, TLS (mutual TLS), RELP and RELP over TLS, with the whole forwarder: the simulated tenant
 * over HTTP, the real stages, a real rsyslog, and a faulty proxy in front of it where the fault is the network's. Each
 * scenario counts, message by message, what the receiver got against what the API held.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Metrics } from "../../src/health/metrics.js";
import { CycleFailure } from "../../src/pipeline/cycle.js";
import type { Forwarder } from "../../src/pipeline/forwarder.js";
import { Random } from "../../src/simulator/random.js";
import { siemRecords, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { makeCerts, type TestCerts } from "../support/certs.js";
import { expectedMessages, waitForTally, type Tally } from "../support/delivery-tally.js";
import { startFaultyProxy, type FaultyProxy, type ProxyMode } from "../support/faulty-proxy.js";
import { startRunProcess } from "../support/cli-process.js";
import { forwarderConfig, inProcessForwarder, writeForwarderConfig } from "../support/forwarder-setup.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { startRsyslog, type Rsyslog } from "../support/rsyslog.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const MIN = 60_000;
/** RELP's window by default (output.window, and omrelp's windowSize): the most one reset can repeat. */
const WINDOW = 128;
/** The first 20 connections reset (TCP RST) each after 64 KiB to 2 MiB, cutting a message anywhere. */
const RESETS = (random: Random): ProxyMode => ({
  kind: "reset",
  random,
  minBytes: 64 * 1024,
  maxBytes: 2 * 1024 * 1024,
  connections: 20,
});
const results = resultsGroup("receiver-faults", "Receiver faults");
const watch = new SecretWatch();
let certs: TestCerts;
let sim: Simulator;
let rsyslog: Rsyslog;
let proxy: FaultyProxy | undefined;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  certs = await makeCerts();
  watch.secret("private key", readFileSync(certs.client.key, "utf8"));
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await proxy?.close();
  proxy = undefined;
  await Promise.all([sim?.close(), rsyslog?.dispose()]);
});
afterAll(() => {
  const scan = watch.scan();
  results.scanned(scan);
  expect(scan.found).toEqual([]);
});

type Kind = "tcp" | "tls" | "relp" | "relp-tls";
const isRelp = (kind: Kind) => kind.startsWith("relp");

/** The rsyslog input of a transport: plain TCP, TLS that requires our client certificate, RELP, RELP over TLS. */
const OUTPUTS = { tcp: "tcp", tls: "mtls", relp: "relp", "relp-tls": "relptls" } as const;
const rsyslogOutput = (kind: Kind) => OUTPUTS[kind];
const receiverPort = (kind: Kind) => rsyslog.ports[rsyslogOutput(kind)]!;
const LABELS: Record<Kind, string> = { tcp: "TCP", tls: "TLS", relp: "RELP", "relp-tls": "RELP over TLS" };

async function start(): Promise<void> {
  [sim, rsyslog] = await Promise.all([
    startSimulator({ ratePerMinute: 0, now: Date.now() }),
    startRsyslog({ certs, relp: true }),
  ]);
  watch.simulator(sim);
}

let forwarders = 0;
/** Where the last forwarder's log lines are captured. */
let logOf = "";

/**
 * How the RELP sessions of the last forwarder ended: by the receiver's serverclose, or its clean close, after it
 * answered what it took; or by a reset (of the proxy, or of rsyslog's kernel, which resets a connection closed with
 * frames unread, dropping acknowledgements it had not sent yet).
 */
function sessionEnds(): { clean: number; reset: number } {
  const lost = watch
    .captured(logOf)
    .split("\n")
    .filter((line) => line.includes('"msg":"RELP session lost"'));
  const clean = lost.filter((l) => /closed the RELP session|the receiver closed the connection"/.test(l)).length;
  return { clean, reset: lost.length - clean };
}

async function forwarder(kind: Kind, { port = receiverPort(kind), output = "", stateDir = tempDir() } = {}) {
  const tls =
    kind === "tls" || kind === "relp-tls"
      ? `  tls: { ca: ${certs.ca}, cert: ${certs.client.cert}, key: ${certs.client.key} }\n`
      : "";
  const f = await inProcessForwarder(
    {
      sim,
      rsyslog,
      stateDir,
      source: "  maxWindow: PT20M",
      output: `  transport: ${isRelp(kind) ? "relp" : kind}\n  port: ${port}\n${tls}${output}`,
    },
    watch.logger((logOf = `receiver faults ${kind} #${++forwarders}`)),
  );
  closers.push(() => f.close(2000));
  return f;
}

/** One poll cycle, as the daemon runs it: true when it succeeded; a failure keeps what it delivered. */
async function poll(f: Forwarder, bounds: { until?: number } = {}): Promise<boolean> {
  try {
    await f.cycle(bounds);
    return true;
  } catch (err) {
    if (err instanceof CycleFailure) return false;
    throw err;
  }
}

/** Polls until a cycle succeeds; how many failed before. */
async function cycleUntilDone(f: Forwarder, maxCycles: number): Promise<number> {
  for (let failed = 0; failed < maxCycles; failed++) if (await poll(f)) return failed;
  throw new Error(`no poll cycle succeeded in ${maxCycles}`);
}

const recordsOf = (alerts: ReturnType<Simulator["tenant"]["addRecords"]>) => alerts.flatMap((a) => siemRecords(a));
/** Messages the transport wrote again after connection losses. */
const resent = async (f: { metrics: Metrics }) => (await f.metrics.transportResent.get()).values[0]?.value ?? 0;

/**
 * Over RELP, `exactlyOnce`: the scenario must cost no duplicate either (only acknowledged messages count as sent);
 * `resets`: each reset repeats at most what was unacknowledged when it struck, a window at most (none without one).
 */
function report(
  name: string,
  kind: Kind,
  tally: Tally,
  other: Record<string, number | string>,
  { exactlyOnce = false, resets }: { exactlyOnce?: boolean; resets?: number } = {},
): void {
  results.record(figuresOf(`${name} (${LABELS[kind]})`, tally, { ...other, "cut messages": tally.unmatched }));
  expect({ lost: tally.lost }).toEqual({ lost: 0 });
  if (!isRelp(kind)) return;
  if (exactlyOnce) expect({ duplicated: tally.duplicated }).toEqual({ duplicated: 0 });
  if (resets !== undefined) expect(tally.duplicated).toBeLessThanOrEqual(resets * WINDOW);
}

describe.each<Kind>(["tcp", "tls", "relp", "relp-tls"])("receiver faults over %s", (kind) => {
  it("restart in the middle of a stream of 5,000 records", async () => {
    await start();
    const records = recordsOf(sim.tenant.addRecords(5_000, Date.now() - 100 * MIN, Date.now() - MIN));
    const f = await forwarder(kind);
    const expected = await expectedMessages(f.config, records);
    const run = cycleUntilDone(f.forwarder, 10);
    await rsyslog.waitForLines(rsyslogOutput(kind), records.length / 2, 60_000);
    await rsyslog.stop();
    await rsyslog.start();
    const failed = await run;
    const tally = await waitForTally(rsyslog, rsyslogOutput(kind), expected);
    const other = { "failed cycles": failed, resent: await resent(f) };
    if (!isRelp(kind)) return report("restart mid-stream", kind, tally, other);
    // Nothing repeated when rsyslog's session ended cleanly; a window at most when its kernel reset the connection.
    const { clean, reset } = sessionEnds();
    const ends = { "sessions ended cleanly (serverclose)": clean, "sessions reset": reset };
    report("restart mid-stream", kind, tally, { ...other, ...ends }, { resets: reset });
  });

  it("down for five minutes of simulated polling, one poll a minute", async () => {
    await start();
    const t0 = sim.clock.now();
    const before = recordsOf(sim.tenant.addRecords(200, t0 - 30 * MIN, t0 - MIN));
    const f = await forwarder(kind, { output: "  retries: 1" });
    await f.forwarder.cycle({ until: t0 });
    await rsyslog.waitForLines(rsyslogOutput(kind), before.length);
    // The cycle's last writes are confirmed (and saved) a moment after it ends: hold it to the final checkpoint.
    const { keeper } = f.forwarder;
    for (let waited = 0; keeper.saved.checkpoint !== keeper.state.checkpoint; waited += 50) {
      if (waited > 10_000) throw new Error("the writes of the cycle before the outage were never confirmed");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const checkpoint = f.forwarder.status().checkpoint;
    await rsyslog.stop();
    const during: typeof before = [];
    let failed = 0;
    let readiness = "";
    for (let minute = 1; minute <= 7; minute++) {
      if (minute === 6) await rsyslog.start();
      sim.clock.advance(MIN);
      during.push(...recordsOf(sim.tenant.addRecords(100, sim.clock.now() - MIN, sim.clock.now())));
      if (!(await poll(f.forwarder, { until: sim.clock.now() }))) failed++;
      if (minute < 6) expect(f.forwarder.status().checkpoint).toBe(checkpoint);
      if (minute === 5) readiness = JSON.stringify(f.forwarder.readiness(MIN));
    }
    expect(readiness).toMatch(/"ready":false,"reason":"last poll cycle failed: /);
    const tally = await waitForTally(
      rsyslog,
      rsyslogOutput(kind),
      await expectedMessages(f.config, [...before, ...during]),
    );
    report(
      "down for 5 simulated minutes",
      kind,
      tally,
      {
        "failed polls": failed,
        "/readyz during the outage": "503, last poll cycle failed",
        resent: await resent(f),
      },
      { exactlyOnce: true },
    );
    expect(failed).toBe(5);
  });

  it("a receiver that accepts connections and never reads (backpressure), so never acknowledges", async () => {
    await start();
    proxy = await startFaultyProxy(receiverPort(kind));
    // TLS needs its handshake through before the receiver stops reading; plain TCP is never read at all. RELP gets its
    // session opened and a few hundred messages through (acknowledged), then silence in the middle of a frame.
    const afterBytes = isRelp(kind) ? 200_000 : kind === "tls" ? 4096 : 0;
    proxy.mode({ kind: "stall", connections: 2, afterBytes });
    const records = recordsOf(sim.tenant.addRecords(5_000, Date.now() - 100 * MIN, Date.now() - MIN));
    const timeout = isRelp(kind) ? "  ackTimeout: PT1S" : "  writeTimeout: PT1S";
    const f = await forwarder(kind, { port: proxy.port, output: `${timeout}\n  connectTimeout: PT2S` });
    const failed = await cycleUntilDone(f.forwarder, 10);
    const tally = await waitForTally(rsyslog, rsyslogOutput(kind), await expectedMessages(f.config, records));
    const name = isRelp(kind) ? "receiver stops reading, never acknowledges" : "receiver never reads";
    const other = { "stalled connections": proxy.stats.stalled, "failed cycles": failed, resent: await resent(f) };
    report(name, kind, tally, other, { exactlyOnce: true });
  });

  it("a receiver that resets its first 20 connections at random points", async () => {
    await start();
    proxy = await startFaultyProxy(receiverPort(kind));
    proxy.mode(RESETS(new Random(kind === "tcp" ? 8 : 9)));
    const records = recordsOf(sim.tenant.addRecords(5_000, Date.now() - 100 * MIN, Date.now() - MIN));
    const f = await forwarder(kind, { port: proxy.port });
    const failed = await cycleUntilDone(f.forwarder, 30);
    const tally = await waitForTally(rsyslog, rsyslogOutput(kind), await expectedMessages(f.config, records));
    const resets = proxy.stats.resets;
    expect(resets).toBeGreaterThan(0);
    report(
      "random connection resets",
      kind,
      tally,
      { resets, "failed cycles": failed, resent: await resent(f) },
      { resets },
    );
  });

  it("network lost mid-stream, the forwarder stopped during the outage, then both back", async () => {
    await start();
    proxy = await startFaultyProxy(receiverPort(kind));
    proxy.mode({
      kind: "reset",
      random: new Random(1),
      minBytes: 2_500_000,
      maxBytes: 2_500_000,
      connections: 1,
      thenDown: true,
    });
    const records = recordsOf(sim.tenant.addRecords(5_000, Date.now() - 100 * MIN, Date.now() - MIN));
    const stateDir = tempDir();
    const f = await forwarder(kind, { port: proxy.port, stateDir, output: "  retries: 100" });
    const cycle = f.forwarder.cycle().catch(() => undefined);
    while (proxy.stats.resets === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // What the daemon does on SIGTERM: the output gets its flush time, then the state is released.
    const putBack = await f.close(1000);
    await cycle;
    const back = await forwarder(kind, { stateDir });
    await back.forwarder.cycle();
    const tally = await waitForTally(rsyslog, rsyslogOutput(kind), await expectedMessages(back.config, records));
    report("network lost mid-stream, forwarder stopped during the outage", kind, tally, {
      "records unconfirmed at the stop": putBack,
    });
  });
});

describe("the reference: rsyslog's own RELP client", () => {
  it("omrelp through the same random resets: what RELP itself repeats", async () => {
    await start();
    proxy = await startFaultyProxy(receiverPort("relp"));
    proxy.mode(RESETS(new Random(9)));
    // The forwarder writes to a relay over plain TCP, with no fault; the relay's omrelp meets the resets.
    const relay = await startRsyslog({ relayToRelp: proxy.port });
    closers.push(() => relay.dispose());
    const records = recordsOf(sim.tenant.addRecords(5_000, Date.now() - 100 * MIN, Date.now() - MIN));
    const f = await forwarder("tcp", { port: relay.ports.tcp });
    await cycleUntilDone(f.forwarder, 3);
    const tally = await waitForTally(rsyslog, "relp", await expectedMessages(f.config, records), 60_000);
    results.record(
      figuresOf("random connection resets (rsyslog omrelp → imrelp, the reference)", tally, {
        resets: proxy.stats.resets,
        "cut messages": tally.unmatched,
      }),
    );
    expect({ lost: tally.lost }).toEqual({ lost: 0 });
    expect(proxy.stats.resets).toBeGreaterThan(0);
    expect(tally.duplicated).toBeLessThanOrEqual(proxy.stats.resets * WINDOW);
  });
});

describe("receiver faults over tcp, beyond a lost connection", () => {
  it("a receiver that accepts connections and closes them at the first data (a TLS port under transport: tcp)", async () => {
    await start();
    proxy = await startFaultyProxy(receiverPort("tcp"));
    proxy.mode({ kind: "close", connections: 6 });
    const records = recordsOf(sim.tenant.addRecords(500, Date.now() - 100 * MIN, Date.now() - MIN));
    const f = await forwarder("tcp", { port: proxy.port });
    let error = "";
    let failed = 0;
    for (; failed < 10; failed++) {
      const failure = await f.forwarder.cycle().catch((e: unknown) => e);
      if (!(failure instanceof CycleFailure)) break;
      error ||= failure.message.replace(/^tcp \S+ /, "");
    }
    const tally = await waitForTally(rsyslog, "tcp", await expectedMessages(f.config, records));
    expect(error).toMatch(/the receiver closes the connection after the first message .*set `transport: tls`$/);
    report("receiver closes each connection at the first data", "tcp", tally, {
      "connections closed": proxy.stats.closed,
      "failed cycles": failed,
      error,
    });
  });

  it("network lost mid-stream, the forwarder SIGKILLed before it could write again, then both back", async () => {
    await start();
    proxy = await startFaultyProxy(receiverPort("tcp"));
    proxy.mode({
      kind: "reset",
      random: new Random(2),
      minBytes: 1_000_000,
      maxBytes: 1_000_000,
      connections: 1,
      thenDown: true,
    });
    const records = recordsOf(sim.tenant.addRecords(5_000, Date.now() - 100 * MIN, Date.now() - MIN));
    const setup = { sim, rsyslog, stateDir: tempDir(), source: "  maxWindow: PT20M" };
    const config = writeForwarderConfig({ ...setup, output: `  port: ${proxy.port}` });
    const killed = startRunProcess(config, "debug");
    while (proxy.stats.resets === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The failed cycle saves its state: the kill comes after that save, before any connection could resend.
    await killed.waitForOutput('"msg":"poll cycle failed', 20_000);
    killed.kill("SIGKILL");
    await killed.exited.catch(() => undefined);
    watch.capture("run (killed after a lost connection)", killed.printed().stdout + killed.printed().stderr);
    writeForwarderConfig(setup);
    const back = startRunProcess(config, "debug");
    const expected = await expectedMessages(await forwarderConfig(setup), records);
    const tally = await waitForTally(rsyslog, "tcp", expected, 60_000);
    back.kill("SIGTERM");
    await back.exited;
    watch.capture("run (after the kill)", back.printed().stdout + back.printed().stderr);
    report("network lost mid-stream, forwarder SIGKILLed right after", "tcp", tally, { resets: proxy.stats.resets });
  });
});
