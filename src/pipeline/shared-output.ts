/**
 * One output for several tenants: each tenant's forwarder sends through a lane that looks like a transport of its
 * own, and hears the confirmations of its own messages only, so each checkpoint keeper moves over what the shared
 * connection confirmed of its tenant's records and nothing else.
 *
 * Fairness under backpressure: a lane has at most one batch in the shared queue (its cycle waits for each send), and
 * the queue admits waiting batches oldest first, so a tenant catching up on a large backlog takes turns with the
 * others batch by batch and never holds the queue to itself.
 */
import type { OutgoingMessage, Transport, TransportStatus } from "../transports/transport.js";

/** A message's ref on the shared output: the lane it came through and the lane's own ref. */
export interface LanedRef<Ref> {
  lane: Lane<Ref>;
  ref: Ref;
}

export type LaneTransport<Ref> = Pick<Transport<Ref>, "send" | "flush" | "onConfirmed" | "payloadBudget" | "status">;

export class Lane<Ref> implements LaneTransport<Ref> {
  #listener: (refs: readonly Ref[]) => void = () => undefined;
  #sending: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly shared: Transport<LanedRef<Ref>>,
  ) {}

  get payloadBudget(): number {
    return this.shared.payloadBudget;
  }

  /** One batch at a time per lane: a second send waits for the first. */
  send(messages: readonly OutgoingMessage<Ref>[]): Promise<void> {
    const laned = messages.map((m) => ({ ...m, ref: m.ref === undefined ? undefined : { lane: this, ref: m.ref } }));
    const sent = this.#sending.then(() => this.shared.send(laned));
    this.#sending = sent.catch(() => undefined);
    return sent;
  }

  flush(): Promise<void> {
    return this.shared.flush();
  }

  onConfirmed(listener: (refs: readonly Ref[]) => void): void {
    this.#listener = listener;
  }

  status(): TransportStatus {
    return this.shared.status();
  }

  /** Called by the shared output with this lane's confirmed refs. */
  confirmed(refs: readonly Ref[]): void {
    this.#listener(refs);
  }
}

export class SharedOutput<Ref> {
  readonly #lanes = new Map<string, Lane<Ref>>();

  constructor(readonly transport: Transport<LanedRef<Ref>>) {
    transport.onConfirmed((refs) => {
      for (const [lane, own] of byLane(refs)) lane.confirmed(own);
    });
  }

  /** The lane of a tenant: the same one for the same name, so a tenant removed and added again keeps its refs. */
  lane(name: string): Lane<Ref> {
    let lane = this.#lanes.get(name);
    if (!lane) this.#lanes.set(name, (lane = new Lane(name, this.transport)));
    return lane;
  }

  /** Closes the output; resolves with each lane's refs that were written but never confirmed. */
  async close(timeoutMs: number): Promise<Map<Lane<Ref>, Ref[]>> {
    return byLane(await this.transport.close(timeoutMs));
  }
}

function byLane<Ref>(refs: readonly LanedRef<Ref>[]): Map<Lane<Ref>, Ref[]> {
  const lanes = new Map<Lane<Ref>, Ref[]>();
  for (const { lane, ref } of refs) {
    const own = lanes.get(lane);
    if (own) own.push(ref);
    else lanes.set(lane, [ref]);
  }
  return lanes;
}
