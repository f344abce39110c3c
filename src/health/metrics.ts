/**
 * The product's Prometheus metrics, on a registry of its own (no global state, so tests and the demo can run
 * several forwarders in one process). Components receive this object and count what they do; `/metrics` serves it.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { ValueChanges } from "../formats/format.js";

const EVENT_LOOP_SAMPLE_MS = 100;
/**
 * Distinct `key` labels of the value-change counters. A mapping names a few dozen keys, but JSON without `fields`
 * writes the record's own keys, which a hostile API could vary without end: past this many, they count as "(other)".
 */
export const MAX_CHANGE_KEYS = 200;

/** What is counted per tenant: with `tenants:` these carry a `tenant` label (see `forTenant`). */
const PER_TENANT = [
  "polls",
  "recordsFetched",
  "recordsSent",
  "recordsDuplicate",
  "recordsSkipped",
  "recordsFailed",
  "apiRequests",
  "tokenRefreshes",
  "checkpointLag",
  "lastSuccess",
  "cycleDuration",
] as const;

export class Metrics {
  readonly registry = new Registry();

  readonly polls = new Counter({
    name: "mdefwd_polls_total",
    help: "Poll cycles by result (success, failure)",
    labelNames: ["result", "tenant"] as const,
    registers: [this.registry],
  });
  readonly recordsFetched = new Counter({
    name: "mdefwd_records_fetched_total",
    help: "Records received from the API",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly recordsSent = new Counter({
    name: "mdefwd_records_sent_total",
    help: "Records delivered to the output",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly recordsDuplicate = new Counter({
    name: "mdefwd_records_duplicate_total",
    help: "Records skipped because they were already delivered",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly recordsSkipped = new Counter({
    name: "mdefwd_records_skipped_total",
    help: "Malformed records reported and skipped",
    labelNames: ["reason", "tenant"] as const,
    registers: [this.registry],
  });
  readonly recordsFailed = new Counter({
    name: "mdefwd_records_failed_total",
    help: "Records fetched but not delivered in their cycle (retried next cycle)",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly apiRequests = new Counter({
    name: "mdefwd_api_requests_total",
    help: "API requests by endpoint and HTTP status (0: network error)",
    labelNames: ["endpoint", "status", "tenant"] as const,
    registers: [this.registry],
  });
  readonly tokenRefreshes = new Counter({
    name: "mdefwd_token_refreshes_total",
    help: "Access tokens obtained, by result",
    labelNames: ["result", "tenant"] as const,
    registers: [this.registry],
  });
  readonly transportReconnects = new Counter({
    name: "mdefwd_transport_reconnects_total",
    help: "Connections (re)established to the receiver",
    registers: [this.registry],
  });
  readonly transportResent = new Counter({
    name: "mdefwd_transport_resent_total",
    help: "Messages written again after a connection loss (possible duplicates)",
    registers: [this.registry],
  });
  readonly valuesShortened = new Counter({
    name: "mdefwd_values_shortened_total",
    help: "Values cut to a length limit (the key's own, maxBytes, or the whole message's), by mapping key",
    labelNames: ["key"] as const,
    registers: [this.registry],
  });
  readonly fieldsDropped = new Counter({
    name: "mdefwd_fields_dropped_total",
    help: "Values left out of a message so that it fits output.maxMessageBytes, by mapping key",
    labelNames: ["key"] as const,
    registers: [this.registry],
  });
  readonly #changeKeys = new Set<string>();
  /** The output's state, read at each scrape; set by the daemon once the transport exists. */
  transportStatus?: () => { connected: boolean };
  readonly transportConnected = new Gauge({
    name: "mdefwd_transport_connected",
    help: "1 while the output is connected (tcp, tls) or open (udp, file, stdout), else 0",
    registers: [this.registry],
    collect: () => {
      if (this.transportStatus) this.transportConnected.set(this.transportStatus().connected ? 1 : 0);
    },
  });
  readonly queueDepth = new Gauge({
    name: "mdefwd_transport_queue_depth",
    help: "Messages waiting in the transport queue",
    registers: [this.registry],
  });
  readonly checkpointLag = new Gauge({
    name: "mdefwd_checkpoint_lag_seconds",
    help: "Now minus the checkpoint",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly lastSuccess = new Gauge({
    name: "mdefwd_last_success_timestamp_seconds",
    help: "When the last poll cycle succeeded (Unix time)",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });
  readonly cycleDuration = new Gauge({
    name: "mdefwd_last_cycle_duration_seconds",
    help: "How long the last poll cycle took",
    labelNames: ["tenant"] as const,
    registers: [this.registry],
  });

  /** The same metrics, with what one tenant counts labelled `tenant`: what its components receive. */
  forTenant(tenant: string): Metrics {
    const view = Object.create(this) as Metrics;
    for (const key of PER_TENANT) Object.defineProperty(view, key, { value: labelled(this[key], tenant) });
    return view;
  }

  /** Forgets every series of a tenant that no longer runs, so that /metrics shows no stale figures of it. */
  async dropTenant(tenant: string): Promise<void> {
    for (const key of PER_TENANT) {
      const metric: Labelled = this[key];
      for (const { labels } of (await metric.get()).values)
        if (labels.tenant === tenant) metric.remove(labels as Record<string, string>);
    }
  }

  /** Counts what an encoder shortened or left out in one message. */
  countChanges(changes: ValueChanges): void {
    for (const key of changes.shortened ?? []) this.valuesShortened.inc({ key: this.#changeKey(key) });
    for (const key of changes.dropped ?? []) this.fieldsDropped.inc({ key: this.#changeKey(key) });
  }

  #changeKey(key: string): string {
    if (this.#changeKeys.has(key)) return key;
    if (this.#changeKeys.size >= MAX_CHANGE_KEYS) return "(other)";
    this.#changeKeys.add(key);
    return key;
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    // The event-loop delay is sampled every 100 ms, not every 10 ms: prom-client's default woke the idle daemon 100
    // times a second (0.65 % of a core, ten times its polls on the default schedule). Node's histogram counts the
    // interval too, so nodejs_eventloop_lag_* read about 0.1 s on an idle loop.
    if (options.processMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }
}

type Labelled = Counter<string> | Gauge<string>;

/** `metric` with `tenant` added to the labels of every inc, dec and set. */
function labelled<M extends Labelled>(metric: M, tenant: string): M {
  return new Proxy(metric, {
    get(target, prop, receiver) {
      if (prop !== "inc" && prop !== "dec" && prop !== "set") return Reflect.get(target, prop, receiver) as unknown;
      const method = (target as unknown as Record<string, (labels: object, value?: unknown) => void>)[prop]!;
      return (first?: unknown, value?: unknown) =>
        typeof first === "object" && first !== null
          ? method.call(target, { ...first, tenant }, value)
          : method.call(target, { tenant }, first);
    },
  });
}
