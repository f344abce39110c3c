/**
 * Hostile CEF and LEEF over every transport to a real rsyslog: each message arrives byte for byte, exactly once.
 * rsyslog writes `%rawmsg%` per message, so the file must equal the messages we framed, each followed by LF.
 */
import { lookup } from "node:dns/promises";
import { describe, expect, it } from "vitest";
import type { OutputConfig } from "../../../src/config/config.js";
import type { Framing } from "../../../src/transports/options.js";
import { syslogHeader } from "../../../src/formats/syslog-header.js";
import { createTransport } from "../../../src/transports/registry.js";
import { HOSTILE } from "../../support/hostile-messages.js";
import { useRsyslogWithCerts } from "../../support/rsyslog-fixture.js";
import type { RsyslogOutput } from "../../support/rsyslog.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

const NOW = new Date("2024-11-06T03:04:05.678Z");
const env = useRsyslogWithCerts();

/** What env.rsyslog must write: header + payload, then LF (an LF inside the message survives only octet counting). */
function expected(output: OutputConfig, framing: Framing | "datagram"): string {
  return HOSTILE.map((m) => {
    const text = syslogHeader(output, NOW, m.severity) + m.payload;
    return `${framing === "lf" ? text.replaceAll("\n", " ") : text}\n`;
  }).join("");
}

/** Sends the hostile messages; the output file must then hold exactly what it held before plus those messages. */
async function deliver(output: OutputConfig, file: RsyslogOutput, framing: Framing | "datagram"): Promise<void> {
  const before = await env.rsyslog.read(file);
  const transport = createTransport(
    output,
    transportDeps(() => NOW),
  );
  await transport.send(HOSTILE);
  await transport.close();
  const want = before + expected(output, framing);
  await env.rsyslog.waitForLines(file, want.split("\n").length - 1);
  expect(Buffer.from(await env.rsyslog.read(file))).toEqual(Buffer.from(want));
}

describe("every transport delivers hostile CEF and LEEF byte-exact, exactly once", () => {
  it("UDP over IPv4, RFC 3164 header", async () => {
    await deliver(
      outputConfig({ transport: "udp", port: env.rsyslog.ports.udp, header: "rfc3164" }),
      "udp",
      "datagram",
    );
  });

  it("UDP over IPv6, the severity following the event", async () => {
    await deliver(
      outputConfig({ transport: "udp", host: "::1", port: env.rsyslog.ports.udp6, severity: "event" }),
      "udp6",
      "datagram",
    );
  });

  it("TCP with octet counting (an LF inside a message stays inside it)", async () => {
    await deliver(
      outputConfig({ transport: "tcp", framing: "octet-counting", port: env.rsyslog.ports.tcp }),
      "tcp",
      "octet-counting",
    );
  });

  it("TCP with LF framing (an LF inside a message becomes a space, never a second message), host name resolved", async () => {
    await deliver(
      outputConfig({ transport: "tcp", host: "localhost", framing: "lf", port: env.rsyslog.ports.tcp, header: "none" }),
      "tcp",
      "lf",
    );
  });

  it("TLS with octet counting, the CA given", async () => {
    await deliver(
      outputConfig({
        transport: "tls",
        port: env.rsyslog.ports.tls,
        tls: { ca: env.certs.ca, rejectUnauthorized: true },
      }),
      "tls",
      "octet-counting",
    );
  });

  it("mutual TLS with a client certificate, verified by name localhost", async () => {
    const tls = {
      ca: env.certs.ca,
      cert: env.certs.client.cert,
      key: env.certs.client.key,
      serverName: "localhost",
      rejectUnauthorized: true,
    };
    await deliver(outputConfig({ transport: "tls", port: env.rsyslog.ports.mtls, tls }), "mtls", "octet-counting");
  });

  it("UDP to a host name, resolved to IPv4 or IPv6 as the system orders them", async () => {
    const { family } = await lookup("localhost");
    const output = outputConfig({
      transport: "udp",
      host: "localhost",
      port: family === 6 ? env.rsyslog.ports.udp6 : env.rsyslog.ports.udp,
    });
    await deliver(output, family === 6 ? "udp6" : "udp", "datagram");
  });
});
