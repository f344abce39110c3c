/**
 * `check --online` opens the output, against a real rsyslog: closed, open, and the TLS mismatches in both directions
 * each end with one line saying what failed (exit 1); `--test-event` arrives in rsyslog, labelled as a test.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { runCli } from "../../support/cli.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { freeTcpPort, freeUdpPort } from "../../support/ports.js";
import { useRsyslogWithCerts } from "../../support/rsyslog-fixture.js";

const receiver = useRsyslogWithCerts();
let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), "mdefwd-check-output-"));

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
});
afterAll(() => sim.close());

function check(output: string, ...flags: string[]) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  const yaml = `${sim.configSnippet()}\noutput:\n${output}\nhealth:\n  listen: "off"\nlog:\n  level: error\n`;
  writeFileSync(file, yaml);
  return runCli(["check", "-c", file, "--online", ...flags]);
}

const tcp = (port: number, extra = "") => `  transport: tcp\n  host: 127.0.0.1\n  port: ${port}\n${extra}`;
const tls = (port: number, extra = "") =>
  `  transport: tls\n  host: 127.0.0.1\n  port: ${port}\n  connectTimeout: PT2S\n  tls:\n    ca: ${receiver.certs.ca}\n${extra}`;
const udp = (port: number) => `  transport: udp\n  host: 127.0.0.1\n  port: ${port}`;

describe("check --online opens the output", () => {
  it("tcp, open: connected, exit 0, and the probe leaves nothing in the receiver's log", async () => {
    const result = await check(tcp(receiver.rsyslog.ports.tcp));
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`  output    tcp 127.0.0.1:${receiver.rsyslog.ports.tcp}: connected`);
    expect(await receiver.rsyslog.read("tcp")).toBe("");
  });

  it("tcp, closed port: the connection was refused, exit 1", async () => {
    const port = await freeTcpPort();
    const result = await check(tcp(port));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("API       siem:");
    expect(result.stderr.trim()).toBe(`tcp 127.0.0.1:${port}: the connection was refused (nothing listens there?)`);
  });

  it("tcp against a TLS port: the receiver drops the connection, and the line says to set transport: tls", async () => {
    const result = await check(tcp(receiver.rsyslog.ports.tls!));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /TCP connected, but the receiver closed the connection after the first bytes: is this a TLS port\? set output\.transport: tls$/,
    );
  });

  it("tls, open: handshake with verification, exit 0", async () => {
    const result = await check(tls(receiver.rsyslog.ports.tls!));
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(
      new RegExp(
        `  output    tls 127\\.0\\.0\\.1:${receiver.rsyslog.ports.tls}: connected, TLSv1\\.[23], certificate verified`,
      ),
    );
  });

  it("tls against a plain TCP port: TCP connected but the handshake did not complete, exit 1", async () => {
    const result = await check(tls(receiver.rsyslog.ports.tcp));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `tls 127.0.0.1:${receiver.rsyslog.ports.tcp}: TCP connected but the TLS handshake did not complete within 2s: ` +
        "is this a plain TCP port? set output.transport: tcp",
    );
  });

  it("tls with an expired receiver certificate: the certificate is rejected, exit 1", async () => {
    const result = await check(tls(receiver.rsyslog.ports.expired!));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/the receiver's certificate has expired.*\(CERT_HAS_EXPIRED\)$/);
  });

  it("tls to a closed port: refused, exit 1", async () => {
    const port = await freeTcpPort();
    const result = await check(tls(port));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`tls 127.0.0.1:${port}: the connection was refused (nothing listens there?)`);
  });

  it("udp, closed port: the ICMP port-unreachable is noticed, exit 1", async () => {
    const port = await freeUdpPort();
    const result = await check(udp(port));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `udp 127.0.0.1:${port}: the host answered "port unreachable" (ICMP): nothing listens on UDP port ${port}`,
    );
  });

  it("udp, open: no port-unreachable, exit 0, and nothing arrives from the probe", async () => {
    const result = await check(udp(receiver.rsyslog.ports.udp));
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`udp 127.0.0.1:${receiver.rsyslog.ports.udp}: no "port unreachable" came back`);
    expect(await receiver.rsyslog.read("udp")).toBe("");
  });
});

describe("check --online --test-event", () => {
  it("sends one event, labelled as a test, through the mapping and TLS transport into rsyslog", async () => {
    const result = await check(tls(receiver.rsyslog.ports.tls!), "--test-event");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(
      new RegExp(`  test      sent to tls 127\\.0\\.0\\.1:${receiver.rsyslog.ports.tls}.*, cef \\d+ bytes: look for`),
    );
    const [line] = await receiver.rsyslog.waitForLines("tls", 1);
    const cef = decodeCef(line!.slice(line!.indexOf("CEF:")));
    expect(cef.name).toBe("mde-forwarder test event");
    expect(cef.extension.msg).toMatch(/^mde-forwarder test event: sent by mde-forwarder check --online --test-event/);
    expect(cef.extension.externalId).toMatch(/^mde-forwarder-test-\d+$/);
  });

  it("is refused without --online", async () => {
    const file = join(dir, "plain.yaml");
    writeFileSync(file, `${sim.configSnippet()}\noutput:\n${tcp(receiver.rsyslog.ports.tcp)}\n`);
    const result = await runCli(["check", "-c", file, "--test-event"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--test-event needs --online");
  });
});
