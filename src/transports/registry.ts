/** Every output, by `output.transport`. A new transport is a new file in this folder plus one line here. */
import type { OutputConfig, TransportKind } from "../config/config.js";
import { createFileTransport } from "./file.js";
import { createStdoutTransport } from "./stdout.js";
import { createTcpTransport } from "./tcp.js";
import { createTlsTransport } from "./tls.js";
import type { Transport, TransportDeps, TransportFactory } from "./transport.js";
import { createUdpTransport } from "./udp.js";

const TRANSPORTS: Record<TransportKind, TransportFactory> = {
  udp: createUdpTransport,
  tcp: createTcpTransport,
  tls: createTlsTransport,
  stdout: createStdoutTransport,
  file: createFileTransport,
};

export function createTransport<Ref>(output: OutputConfig, deps: TransportDeps): Transport<Ref> {
  return TRANSPORTS[output.transport](output, deps);
}
