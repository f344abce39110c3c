/** What a transport folder's index.ts default-exports: its configuration word, its keys and its factory. */
import type * as z from "zod";
import type { Transport, TransportDeps } from "./transport.js";

export interface TransportComponent<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** `output.transport`. */
  readonly name: N;
  /** Its keys of `output`, with defaults, descriptions and the checks between them. */
  readonly options: S;
  /** Keys other transports have and this one lacks, each with why. */
  readonly lacks?: Readonly<Record<string, string>>;
  create<Ref>(output: OptionsOf<S>, deps: TransportDeps): Transport<Ref>;
  /** `check --online`: opens the output as the transport would; resolves with what it found, rejects with why not. */
  probe?(output: OptionsOf<S>): Promise<string>;
}

/**
 * A transport's `output` as it receives it: its options, `transport` naming it (a copy under another name reports
 * that name), and the syslog header's hostname filled in.
 */
export type OptionsOf<S extends z.ZodObject> = z.output<S> & { transport: string; hostname: string };

export const defineTransport = <const N extends string, S extends z.ZodObject>(component: TransportComponent<N, S>) =>
  component;
