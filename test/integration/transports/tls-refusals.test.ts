/**
 * TLS verification is on by default and refuses a receiver it cannot trust, at once (retrying would not help),
 * with an error that says what to change. Nothing reaches the receiver.
 */
import { describe, expect, it } from "vitest";
import type { TlsConfig } from "../../../src/transports/options.js";
import { createTransport } from "../../../src/transports/registry.js";
import { useRsyslogWithCerts } from "../../support/rsyslog-fixture.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

const env = useRsyslogWithCerts();

/** Sends one message and returns the rejection. */
async function refusal(
  port: number,
  tls: TlsConfig,
): Promise<{ code: string; message: string; data: Record<string, unknown> }> {
  const transport = createTransport(outputConfig({ transport: "tls", port, tls }), transportDeps());
  try {
    const error: unknown = await transport.send([{ payload: "CEF:0|Microsoft|MDE|2.0|A|Must not arrive|5|" }]).then(
      () => new Error("the message was sent"),
      (err: unknown) => err,
    );
    return error as { code: string; message: string; data: Record<string, unknown> };
  } finally {
    await transport.close(500);
  }
}

describe("TLS refuses a receiver it cannot trust", () => {
  it("a certificate from another CA", async () => {
    const error = await refusal(env.rsyslog.ports.tls!, { ca: env.certs.otherCa, rejectUnauthorized: true });
    expect(error.code).toBe("E_TLS_CERTIFICATE");
    expect(error.message).toMatch(
      /^TLS to 127\.0\.0\.1:\d+: the receiver's certificate is not signed by a trusted CA; set output\.tls\.ca to the CA that issued it \(\w+\)$/,
    );
  });

  it("a certificate from a private CA when no CA is configured (the system's CAs only)", async () => {
    const error = await refusal(env.rsyslog.ports.tls!, { rejectUnauthorized: true });
    expect(error.message).toMatch(/not signed by a trusted CA/);
  });

  it("an expired certificate", async () => {
    const error = await refusal(env.rsyslog.ports.expired!, { ca: env.certs.ca, rejectUnauthorized: true });
    expect(error.message).toMatch(
      /: the receiver's certificate has expired; the receiver must renew it \(CERT_HAS_EXPIRED\)$/,
    );
  });

  it("a certificate for another name", async () => {
    const error = await refusal(env.rsyslog.ports.tls!, {
      ca: env.certs.ca,
      serverName: "siem.example.com",
      rejectUnauthorized: true,
    });
    expect(error.message).toMatch(
      /: the receiver's certificate is not valid for the name siem\.example\.com; set output\.tls\.serverName to a name it holds \(ERR_TLS_CERT_ALTNAME_INVALID\)$/,
    );
  });

  it("a CA file that cannot be read", async () => {
    const error = await refusal(env.rsyslog.ports.tls!, {
      ca: `${env.certs.dir}/missing.pem`,
      rejectUnauthorized: true,
    });
    expect(error).toMatchObject({
      code: "E_TLS_FILE",
      message: `cannot read output.tls.ca ${env.certs.dir}/missing.pem (ENOENT)`,
    });
  });

  it("and a receiver that requires a client certificate refuses a client without one (after the handshake in TLS 1.3)", async () => {
    const error = await refusal(env.rsyslog.ports.mtls!, { ca: env.certs.ca, rejectUnauthorized: true });
    expect(error.code).toBe("E_TLS_CERTIFICATE");
    expect(error.message).toMatch(
      /: the receiver requires a client certificate; set output\.tls\.cert and output\.tls\.key \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)$/,
    );
  });

  it("and one that does not trust the CA of our client certificate refuses it", async () => {
    const error = await refusal(env.rsyslog.ports.mtls!, {
      ca: env.certs.ca,
      cert: env.certs.untrustedClient.cert,
      key: env.certs.untrustedClient.key,
      rejectUnauthorized: true,
    });
    expect(error.message).toMatch(
      /: the receiver refused our client certificate \(output\.tls\.cert\); it must trust the CA that issued it \(ERR_SSL_TLSV1_ALERT_\w+\)$/,
    );
  });

  it("and nothing arrived", async () => {
    expect(await env.rsyslog.read("tls")).toBe("");
    expect(await env.rsyslog.read("mtls")).toBe("");
  });
});
