/**
 * Syslog over TLS (RFC 5425): TCP's persistent connection with verification on by default, a custom CA, a client
 * certificate for mutual TLS, a server name to verify, TLS 1.2 at least, and close_notify on close.
 */
import type { TLSSocket } from "node:tls";
import { StreamTransport } from "../stream-transport.js";
import { certificateProblem, openTls } from "../tls-connect.js";
import type { Transport, TransportDeps } from "../transport.js";
import type { TlsOptions } from "./options.js";

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
    const socket = await openTls(output, signal);
    return { socket, accepted: verdict(socket, Math.min(VERDICT_WAIT_MS, output.connectTimeout)) };
  };
  return new StreamTransport<Ref>(output, deps, {
    open,
    describe: (err) => certificateProblem(output, err) ?? err,
    earlyCloseHint: "check that the receiver takes TLS syslog with this framing (output.framing) and our certificate",
  });
}
