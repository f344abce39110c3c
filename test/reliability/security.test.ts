/**
 * Security: no secret (client secret, access token, private key) in anything the product lets out, even at debug
 * level and through failures; TLS refuses receivers it cannot trust, and loses nothing once trust is fixed; the health
 * server stays on loopback unless told otherwise; state files are private whatever the umask.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { loadConfigText } from "../../src/config/load.js";
import { startDaemon } from "../../src/daemon.js";
import { Metrics } from "../../src/health/metrics.js";
import { CycleFailure } from "../../src/pipeline/cycle.js";
import { siemRecords, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { makeCertificate, type CertificatePair } from "../support/certificates.js";
import { makeCerts, type TestCerts } from "../support/certs.js";
import { assertBuilt, runBuiltCli, startRunProcess } from "../support/cli-process.js";
import { expectedMessages, waitForTally } from "../support/delivery-tally.js";
import { forwarderYaml, inProcessForwarder } from "../support/forwarder-setup.js";
import { freeTcpPort } from "../support/ports.js";
import { figuresOf, resultsGroup } from "../support/reliability-results.js";
import { startRsyslog, type Rsyslog } from "../support/rsyslog.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const MIN = 60_000;
const results = resultsGroup("security", "Security");
const watch = new SecretWatch();
let certs: TestCerts;
let app: CertificatePair;
let sim: Simulator;
let rsyslog: Rsyslog;

beforeAll(async () => {
  assertBuilt();
  certs = await makeCerts();
  app = makeCertificate("app");
  [sim, rsyslog] = await Promise.all([
    startSimulator({ ratePerMinute: 0, certificatePem: app.certificatePem }),
    startRsyslog({ certs }),
  ]);
  watch.simulator(sim).secret("private key", readFileSync(certs.client.key, "utf8")).secret("private key", app.keyPem);
});
afterAll(async () => {
  await Promise.all([sim.close(), rsyslog.dispose()]);
  const scan = watch.scan();
  results.scanned(scan);
  expect(scan.found).toEqual([]);
});

const mtls = () =>
  `  transport: tls\n  port: ${rsyslog.ports.mtls}\n  tls: { ca: ${certs.ca}, cert: ${certs.client.cert}, key: ${certs.client.key} }`;

/** A configuration file; `certificate` swaps the client secret for the app's certificate credential. */
function configFile(options: { output?: string; top?: string; certificate?: boolean; stateDir?: string } = {}): string {
  const stateDir = options.stateDir ?? tempDir();
  let text = forwarderYaml({ sim, rsyslog, stateDir, output: options.output ?? mtls(), top: options.top });
  if (options.certificate)
    text = text.replace(
      / {2}clientSecret: .*/,
      `  certificate:\n    certFile: ${app.certFile}\n    keyFile: ${app.keyFile}`,
    );
  const file = join(tempDir(), "config.yaml");
  writeFileSync(file, text);
  return file;
}

async function scrape(base: string): Promise<void> {
  for (const path of ["/healthz", "/readyz", "/metrics", "/status"]) {
    const response = await fetch(`${base}${path}`);
    watch.capture(`GET ${path}`, `${response.status} ${await response.text()}`);
  }
}

describe("secrets", () => {
  it("appear nowhere: a debug-level run through token and API failures, its health endpoints, once, check --online", async () => {
    sim.tenant.addRecords(300, Date.now() - 50 * MIN, Date.now() - MIN);
    const port = await freeTcpPort();
    const run = startRunProcess(configFile({ top: `health:\n  listen: 127.0.0.1:${port}` }), "debug");
    sim.faults.add("token", { kind: "status", status: 503 });
    sim.faults.add("api", { kind: "status", status: 500 });
    await run.waitForOutput('"msg":"poll cycle done"', 30_000);
    await scrape(`http://127.0.0.1:${port}`);
    sim.entra.expireAll();
    sim.faults.add("token", { kind: "entra", aadsts: 7000215 });
    await run.waitForOutput('"msg":"poll cycle failed', 30_000);
    await scrape(`http://127.0.0.1:${port}`);
    await run.waitForOutput('"msg":"poll cycle done"', 30_000);
    run.kill("SIGTERM");
    await run.exited;
    watch.capture("run (client secret, mutual TLS)", run.printed().stdout + run.printed().stderr);

    const outputs = [
      await runBuiltCli(["once", "-c", configFile({ certificate: true }), "--log-level", "debug"]),
      await runBuiltCli(["check", "--online", "-c", configFile({ certificate: true }), "--log-level", "debug"]),
      await runBuiltCli([
        "once",
        "-c",
        configFile({ output: `  transport: tls\n  port: ${rsyslog.ports.tls}\n  tls: { ca: ${certs.otherCa} }` }),
        "--log-level",
        "debug",
      ]),
      await runBuiltCli([
        "once",
        "-c",
        configFile({ output: mtls().replace(/key: \S+ }/, `key: ${certs.dir}/missing.key }`) }),
        "--verbose",
      ]),
    ];
    outputs.forEach((o, i) => watch.capture(`cli ${i}`, `${o.stdout}${o.stderr}`));
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 1, 2]);
    const scan = watch.scan();
    results.record({
      scenario:
        "secrets in a debug-level run through failures, its /healthz /readyz /metrics /status, once, check --online",
      sent: 0,
      received: 0,
      lost: 0,
      duplicated: 0,
      other: {
        "texts scanned": scan.items,
        "bytes scanned": scan.bytes,
        "secrets watched": scan.secrets,
        leaks: scan.leaks,
      },
    });
    expect(scan.found).toEqual([]);
  });
});

describe("TLS", () => {
  const refusals = [
    [
      "an untrusted CA",
      () => `  transport: tls\n  port: ${rsyslog.ports.tls}\n  tls: { ca: ${certs.otherCa} }`,
      /not signed by a trusted CA/,
    ],
    [
      "an expired certificate",
      () => `  transport: tls\n  port: ${rsyslog.ports.expired}\n  tls: { ca: ${certs.ca} }`,
      /has expired/,
    ],
    [
      "a certificate for another name",
      () => `  transport: tls\n  port: ${rsyslog.ports.tls}\n  tls: { ca: ${certs.ca}, serverName: siem.example.com }`,
      /not valid for the name siem\.example\.com/,
    ],
  ] as const;

  it.each(refusals)(
    "refuses a receiver with %s, sends nothing, and loses nothing once trust is fixed",
    async (name, output, reason) => {
      const stateDir = tempDir();
      const records = sim.tenant.addRecords(50, Date.now() - 5 * MIN, Date.now() - 1000).flatMap((a) => siemRecords(a));
      const before = await rsyslog.read("tls");
      const source = "  lookback: PT1H";
      const refused = await inProcessForwarder(
        { sim, rsyslog, stateDir, source, output: output() },
        watch.logger(`tls ${name}`),
      );
      const failure = (await refused.forwarder.cycle().catch((e: unknown) => e)) as CycleFailure;
      await refused.close(1000);
      expect(failure).toBeInstanceOf(CycleFailure);
      expect(failure.cause).toMatchObject({ code: "E_TLS_CERTIFICATE", message: expect.stringMatching(reason) });
      expect(await rsyslog.read("tls")).toBe(before);
      // Empty pieces of the window before the first record may advance the checkpoint; no record may be passed.
      const checkpoint = refused.forwarder.status().checkpoint as string | null;
      const earliest = Math.min(...records.map((r) => Date.parse(String(r.LastProcessedTimeUtc))));
      expect(checkpoint === null ? Number.NEGATIVE_INFINITY : Date.parse(checkpoint)).toBeLessThanOrEqual(earliest);

      const fixed = await inProcessForwarder({
        sim,
        rsyslog,
        stateDir,
        source,
        output: `  transport: tls\n  port: ${rsyslog.ports.tls}\n  tls: { ca: ${certs.ca} }`,
      });
      await fixed.forwarder.cycle();
      await fixed.close(1000);
      const tally = await waitForTally(rsyslog, "tls", await expectedMessages(fixed.config, records));
      results.record(
        figuresOf(`TLS refuses a receiver with ${name}, then trust is fixed`, tally, {
          "sent while refused": 0,
          error: (failure.cause as Error).message.replace(/ \(\w+\)$/, ""),
        }),
      );
      expect(tally.lost).toBe(0);
    },
  );
});

/** The IPv4 address a local TCP port listens on, from the kernel's table (/proc/net/tcp). */
function listeningAddress(port: number): string | undefined {
  const row = readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find((cols) => cols[3] === "0A" && Number.parseInt(cols[1]!.split(":")[1]!, 16) === port);
  const hex = row?.[1]!.split(":")[0];
  return hex === undefined
    ? undefined
    : [3, 2, 1, 0].map((i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".");
}

describe("the health server", () => {
  it("refuses to listen beyond loopback unless health.allowRemote is set", async () => {
    const config = (listen: string, allow = "") =>
      `${forwarderYaml({ sim, rsyslog, stateDir: tempDir(), top: `health:\n  listen: "${listen}"${allow}` })}`;
    const refusals = [];
    for (const listen of ["0.0.0.0:9780", "[::]:9780", "192.0.2.1:9780"]) {
      refusals.push(
        await loadConfigText("config.yaml", config(listen), {}).then(
          () => "accepted",
          (e: Error) => e.message,
        ),
      );
    }
    expect(refusals.every((m) => /is beyond loopback: set health\.allowRemote: true/.test(m))).toBe(true);
    const local = await loadConfigText("config.yaml", config("127.0.0.1:0"), {});
    const daemon = await startDaemon(local, {
      logger: pino({ level: "silent" }),
      metrics: new Metrics({ processMetrics: false }),
    });
    const remote = await loadConfigText("config.yaml", config("0.0.0.0:0", "\n  allowRemote: true"), {});
    const opened = await startDaemon(remote, {
      logger: pino({ level: "silent" }),
      metrics: new Metrics({ processMetrics: false }),
    });
    const bound = [daemon, opened].map((d) => listeningAddress(Number(new URL(d.healthUrl!).port)));
    await Promise.all([daemon.stop(), opened.stop()]);
    expect(bound).toEqual(["127.0.0.1", "0.0.0.0"]);
    results.record({
      scenario: "health server beyond loopback",
      sent: 0,
      received: 0,
      lost: 0,
      duplicated: 0,
      other: {
        "0.0.0.0, [::], 192.0.2.1 without allowRemote": "refused (configuration error)",
        default: "127.0.0.1",
        "0.0.0.0 with allowRemote": "listens",
      },
    });
  });
});

describe("state files", () => {
  it("are created 0600 in a 0700 directory, even under umask 000", async () => {
    const stateDir = join(tempDir(), "state");
    const umask = process.umask(0);
    try {
      const f = await inProcessForwarder({
        sim,
        rsyslog,
        stateDir,
        output: `  transport: tcp\n  port: ${rsyslog.ports.tcp}`,
      });
      await f.forwarder.cycle();
      const file = join(stateDir, `siem-${sim.tenantId}`);
      const modes = {
        directory: statSync(stateDir).mode & 0o777,
        state: statSync(`${file}.json`).mode & 0o777,
        lock: statSync(`${file}.lock`).mode & 0o777,
      };
      await f.close(1000);
      const octal = (m: number) => `0${m.toString(8)}`;
      results.record({
        scenario: "state file modes under umask 000",
        sent: 0,
        received: 0,
        lost: 0,
        duplicated: 0,
        other: {
          "state directory": octal(modes.directory),
          "state file": octal(modes.state),
          "lock file": octal(modes.lock),
          "spool files": "none (the queue is in memory)",
        },
      });
      expect(modes).toEqual({ directory: 0o700, state: 0o600, lock: 0o600 });
    } finally {
      process.umask(umask);
    }
  });
});
