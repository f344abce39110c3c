/**
 * What every transport shares: the closed check, the clock for syslog timestamps, the status with its last error,
 * the payload budget, and the listener that hears confirmed messages.
 */
import { AppError } from "../errors.js";
import { headerOverhead } from "../formats/syslog-header.js";
import type { BaseOutput } from "./options.js";
import type { OutgoingMessage, Transport, TransportDeps, TransportStatus } from "./transport.js";

export abstract class BaseTransport<Ref, Output extends BaseOutput = BaseOutput> implements Transport<Ref> {
  readonly payloadBudget: number;
  protected lastError?: string;
  #closed = false;
  #listener: (refs: readonly Ref[]) => void = () => undefined;

  constructor(
    protected readonly output: Output,
    protected readonly deps: TransportDeps,
  ) {
    this.payloadBudget = output.maxMessageBytes - headerOverhead(output);
  }

  /** `udp 127.0.0.1:514`, `file /var/log/x.log`, `stdout`. */
  abstract get destination(): string;
  abstract send(messages: readonly OutgoingMessage<Ref>[]): Promise<void>;
  abstract close(timeoutMs?: number): Promise<Ref[]>;
  protected abstract get connected(): boolean;

  /** Messages waiting to be written. */
  protected get queued(): number {
    return 0;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Marks the transport closed; false if it already was. */
  protected markClosed(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    return true;
  }

  protected assertOpen(): void {
    if (this.#closed) throw new AppError("E_TRANSPORT_CLOSED", `${this.destination}: the output is closed`);
  }

  /** The syslog header's time for messages sent now. */
  protected now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  onConfirmed(listener: (refs: readonly Ref[]) => void): void {
    this.#listener = listener;
  }

  protected confirm(refs: readonly (Ref | undefined)[]): void {
    const known = refs.filter((r): r is Ref => r !== undefined);
    if (known.length) this.#listener(known);
  }

  /** Outputs that confirm each write as it is made have nothing in doubt. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  status(): TransportStatus {
    return {
      transport: this.output.transport,
      destination: this.destination,
      connected: this.connected,
      queued: this.queued,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }
}
