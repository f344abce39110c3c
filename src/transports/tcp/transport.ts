/** Syslog over plain TCP (RFC 6587): one persistent connection, LF or octet-counting framing. */
import { connect } from "node:net";
import { connectError, whenReady } from "../connect.js";
import { StreamTransport } from "../stream-transport.js";
import type { Transport, TransportDeps } from "../transport.js";
import type { TcpOptions } from "./options.js";

export function createTcpTransport<Ref>(output: TcpOptions, deps: TransportDeps): Transport<Ref> {
  const open = async (signal: AbortSignal) => ({
    socket: await whenReady(
      connect({ host: output.host, port: output.port }),
      "connect",
      output,
      signal,
      connectError(output),
    ),
  });
  return new StreamTransport<Ref>(output, deps, {
    open,
    describe: (err) => err,
    earlyCloseHint: "is this a TLS port? set `transport: tls`",
  });
}
