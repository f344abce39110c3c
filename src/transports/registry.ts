/** Every transport, by `output.transport`. A new transport is a new folder here plus one import and one entry. */
import file from "./file/index.js";
import stdout from "./stdout/index.js";
import tcp from "./tcp/index.js";
import tls from "./tls/index.js";
import type { Transport, TransportDeps } from "./transport.js";
import udp from "./udp/index.js";

export const TRANSPORTS = [udp, tcp, tls, stdout, file] as const;

/** `output` as the configuration gives it: one of the transports' options, `transport` naming it. */
export function createTransport<Ref>(
  output: { transport: string; hostname: string },
  deps: TransportDeps,
): Transport<Ref> {
  const component = TRANSPORTS.find((t) => t.name === output.transport);
  if (!component) throw new Error(`no transport ${output.transport}`);
  // The configuration schema parsed `output` with this component's options: it is that component's input.
  return component.create<Ref>(output as never, deps);
}
