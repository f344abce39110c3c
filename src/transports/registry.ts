/** Every transport, by `output.transport`. A new transport is a new folder here plus one import and one entry. */
import file from "./file/index.js";
import relp from "./relp/index.js";
import stdout from "./stdout/index.js";
import tcp from "./tcp/index.js";
import tls from "./tls/index.js";
import type { Transport, TransportDeps } from "./transport.js";
import udp from "./udp/index.js";

export const TRANSPORTS = [udp, tcp, tls, relp, stdout, file] as const;

/** `output` as the configuration gives it: one of the transports' options, `transport` naming it. */
/** The component `output.transport` names; the schema only lets through names of this list. */
function componentOf(output: { transport: string }) {
  const component = TRANSPORTS.find((t) => t.name === output.transport);
  if (!component) throw new Error(`no transport ${output.transport}`);
  return component;
}

export function createTransport<Ref>(
  output: { transport: string; hostname: string },
  deps: TransportDeps,
): Transport<Ref> {
  // The configuration schema parsed `output` with this component's options: it is that component's input.
  return componentOf(output).create<Ref>(output as never, deps);
}

/** `check --online`'s probe of the output, or a word that there is nothing to open. */
export function probeTransport(output: { transport: string; hostname: string }): Promise<string> {
  const component: { probe?: (output: never) => Promise<string> } = componentOf(output);
  return component.probe?.(output as never) ?? Promise.resolve(`${output.transport}: nothing to open`);
}
