/**
 * Syslog over TLS (RFC 5425): TCP's persistent connection with verification on by default, a custom CA, a client
 * certificate for mutual TLS, a server name to verify, TLS 1.2 at least, and close_notify on close.
 */
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { connect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { AppError } from "../../errors.js";
import { connectError, whenReady } from "../connect.js";
import { StreamTransport } from "../stream-transport.js";
import type { Transport, TransportDeps } from "../transport.js";
import type { TlsOptions } from "./options.js";

const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_SIGNATURE_FAILURE",
]);

/** Certificate problems get a sentence saying what to change; they are permanent: retrying will not fix them. */
export function certificateProblem(
  output: Pick<TlsOptions, "host" | "port" | "tls">,
  err: Error,
): AppError | undefined {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const where = `TLS to ${output.host}:${output.port}`;
  const refuse = (what: string) =>
    new AppError("E_TLS_CERTIFICATE", `${where}: ${what} (${code})`, 1, { code, permanent: true }, { cause: err });
  if (UNTRUSTED.has(code))
    return refuse(
      `the receiver's certificate is not signed by a trusted CA; set output.tls.ca to the CA that issued it`,
    );
  if (code === "CERT_HAS_EXPIRED") return refuse("the receiver's certificate has expired; the receiver must renew it");
  if (code === "CERT_NOT_YET_VALID") return refuse("the receiver's certificate is not valid yet; check both clocks");
  if (code === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED")
    return refuse("the receiver requires a client certificate; set output.tls.cert and output.tls.key");
  if (/^ERR_SSL_TLSV1_ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|ACCESS_DENIED|DECRYPT_ERROR)$/.test(code))
    return refuse("the receiver refused our client certificate (output.tls.cert); it must trust the CA that issued it");
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const name = output.tls.serverName ?? output.host;
    return refuse(
      `the receiver's certificate is not valid for the name ${name}; set output.tls.serverName to a name it holds`,
    );
  }
  return undefined;
}

/**
 * An error after TCP connected but before the handshake completed: a certificate problem says what to change; anything
 * else (a stalled handshake, a peer that answers with no TLS) most often means a plain TCP port.
 */
export function handshakeError(
  output: Pick<TlsOptions, "host" | "port" | "tls" | "connectTimeout">,
  err: Error,
): Error {
  const problem = certificateProblem(output, err);
  if (problem) return problem;
  if (err instanceof AppError && err.code === "E_TRANSPORT_CLOSED") return err;
  const detail =
    err instanceof AppError && err.code === "E_CONNECT_TIMEOUT"
      ? ` within ${output.connectTimeout / 1000}s`
      : ` (${err.message})`;
  return new AppError(
    "E_TLS_HANDSHAKE",
    `TLS to ${output.host}:${output.port}: TCP connected but the TLS handshake did not complete${detail}: is this a plain TCP port?`,
    1,
    {},
    { cause: err },
  );
}

export function tlsError(output: Pick<TlsOptions, "host" | "port" | "tls">, err: Error): Error {
  return certificateProblem(output, err) ?? connectError(output)(err);
}

async function readPem(output: Pick<TlsOptions, "tls">, key: "ca" | "cert" | "key"): Promise<string | undefined> {
  const path = output.tls[key];
  if (path === undefined) return undefined;
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError("E_TLS_FILE", `cannot read output.tls.${key} ${path} (${code})`, 1, {
      path,
      code,
      permanent: true,
    });
  }
}

/** Files are read at each connection, so renewed certificates are picked up without a restart. */
export async function tlsOptions(output: Pick<TlsOptions, "host" | "port" | "tls">): Promise<ConnectionOptions> {
  const [ca, cert, key] = await Promise.all([readPem(output, "ca"), readPem(output, "cert"), readPem(output, "key")]);
  const serverName = output.tls.serverName ?? (isIP(output.host) ? undefined : output.host);
  return {
    host: output.host,
    port: output.port,
    minVersion: "TLSv1.2",
    rejectUnauthorized: output.tls.rejectUnauthorized,
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert, key }),
    ...(serverName === undefined ? {} : { servername: serverName }),
  };
}

/** How long to wait for a TLS 1.3 server's verdict on us when it sends no session ticket. */
const VERDICT_WAIT_MS = 1_000;

/**
 * In TLS 1.3 the server judges the client's certificate after the client considers the handshake done, so a refusal
 * shows only after the first messages were written. The server's first session ticket, or its alert, is its verdict:
 * writes start at once (rsyslog 8.2302 garbles records written between its tickets), but are acknowledged only after
 * it. A server that sends no ticket is trusted after a short wait.
 */
function verdict(socket: TLSSocket, waitMs: number): Promise<void> | undefined {
  if (socket.getProtocol() !== "TLSv1.3") return undefined;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off("session", done).off("error", done).off("close", done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    socket.once("session", done).once("error", done).once("close", done);
  });
}

export function createTlsTransport<Ref>(output: TlsOptions, deps: TransportDeps): Transport<Ref> {
  const open = async (signal: AbortSignal) => {
    const socket = connect(await tlsOptions(output));
    let tcpConnected = false;
    socket.once("connect", () => (tcpConnected = true));
    await whenReady(socket, "secureConnect", output, signal, (err) =>
      tcpConnected ? handshakeError(output, err) : tlsError(output, err),
    );
    return { socket, accepted: verdict(socket, Math.min(VERDICT_WAIT_MS, output.connectTimeout)) };
  };
  return new StreamTransport<Ref>(output, deps, {
    open,
    describe: (err) => certificateProblem(output, err) ?? err,
    earlyCloseHint: "check that the receiver takes TLS syslog with this framing (output.framing) and our certificate",
  });
}
