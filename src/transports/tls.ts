/**
 * Syslog over TLS (RFC 5425): TCP's persistent connection with verification on by default, a custom CA, a client
 * certificate for mutual TLS, a server name to verify, TLS 1.2 at least, and close_notify on close.
 */
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { connect, type ConnectionOptions } from "node:tls";
import type { OutputConfig } from "../config/config.js";
import { AppError } from "../errors.js";
import { StreamTransport } from "./stream-transport.js";
import { connectError, whenReady } from "./tcp.js";
import type { Transport, TransportDeps } from "./transport.js";

const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_GET_ISSUER_CERT", "CERT_SIGNATURE_FAILURE",
]);

/** Certificate problems get a sentence saying what to change; they are permanent: retrying will not fix them. */
export function tlsError(output: Pick<OutputConfig, "transport" | "host" | "port" | "tls">, err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const where = `TLS to ${output.host}:${output.port}`;
  const refuse = (what: string) => new AppError("E_TLS_CERTIFICATE", `${where}: ${what} (${code})`, 1, { code, permanent: true }, { cause: err });
  if (UNTRUSTED.has(code))
    return refuse(`the receiver's certificate is not signed by a trusted CA; set output.tls.ca to the CA that issued it`);
  if (code === "CERT_HAS_EXPIRED") return refuse("the receiver's certificate has expired; the receiver must renew it");
  if (code === "CERT_NOT_YET_VALID") return refuse("the receiver's certificate is not valid yet; check both clocks");
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const name = output.tls?.serverName ?? output.host;
    return refuse(`the receiver's certificate is not valid for the name ${name}; set output.tls.serverName to a name it holds`);
  }
  return connectError(output)(err);
}

async function readPem(output: OutputConfig, key: "ca" | "cert" | "key"): Promise<string | undefined> {
  const path = output.tls?.[key];
  if (path === undefined) return undefined;
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError("E_TLS_FILE", `cannot read output.tls.${key} ${path} (${code})`, 1, { path, code, permanent: true });
  }
}

/** Files are read at each connection, so renewed certificates are picked up without a restart. */
async function tlsOptions(output: OutputConfig): Promise<ConnectionOptions> {
  const [ca, cert, key] = await Promise.all([readPem(output, "ca"), readPem(output, "cert"), readPem(output, "key")]);
  const serverName = output.tls?.serverName ?? (isIP(output.host!) ? undefined : output.host);
  return {
    host: output.host,
    port: output.port,
    minVersion: "TLSv1.2",
    rejectUnauthorized: output.tls?.rejectUnauthorized ?? true,
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert, key }),
    ...(serverName === undefined ? {} : { servername: serverName }),
  };
}

export function createTlsTransport(output: OutputConfig, deps: TransportDeps): Transport {
  const open = async (signal: AbortSignal) => {
    const socket = connect(await tlsOptions(output));
    return whenReady(socket, "secureConnect", output, signal, (err) => tlsError(output, err));
  };
  return new StreamTransport(output, deps, open);
}
