/**
 * Opening a TLS connection to a receiver, for every transport that speaks TLS (tls, relp): the connection options from
 * `output.tls` (verification on, TLS 1.2 at least), and errors that say what to change.
 */
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { connect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { AppError } from "../errors.js";
import { connectError, whenReady } from "./connect.js";
import type { TlsConfig } from "./options.js";

/** What the TLS helpers read of a transport's options. */
export interface TlsReceiver {
  host: string;
  port: number;
  connectTimeout: number;
  tls: TlsConfig;
}

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
  output: Pick<TlsReceiver, "host" | "port" | "tls">,
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
export function handshakeError(output: TlsReceiver, err: Error): Error {
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

export function tlsError(output: Pick<TlsReceiver, "host" | "port" | "tls">, err: Error): Error {
  return certificateProblem(output, err) ?? connectError(output)(err);
}

async function readPem(output: Pick<TlsReceiver, "tls">, key: "ca" | "cert" | "key"): Promise<string | undefined> {
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
export async function tlsConnectOptions(
  output: Pick<TlsReceiver, "host" | "port" | "tls">,
): Promise<ConnectionOptions> {
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

/**
 * Connects and completes the TLS handshake within the connect timeout. A failure before TCP connected is a connection
 * error; after it, a handshake error (a certificate problem, or most often a plain TCP port).
 */
export async function openTls(output: TlsReceiver, signal: AbortSignal): Promise<TLSSocket> {
  const socket = connect(await tlsConnectOptions(output));
  let tcpConnected = false;
  socket.once("connect", () => (tcpConnected = true));
  await whenReady(socket, "secureConnect", output, signal, (err) =>
    tcpConnected ? handshakeError(output, err) : tlsError(output, err),
  );
  return socket;
}
