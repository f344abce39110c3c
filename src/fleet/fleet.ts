/**
 * The running tenants of the daemon: each a forwarder with its own state, token, rate limit and cycle, sharing the
 * mapping and the output (pipeline/assemble.ts), polled by the dispatcher (schedule/dispatcher.ts). It answers
 * `/status` and `/readyz` for all of them, and applies a new tenant list (SIGHUP): added tenants start, removed ones
 * stop with their state kept, changed ones restart with their new keys.
 */
import type { Config, TenantConfig } from "../config/config.js";
import type { Readiness } from "../health/readiness.js";
import type { Logger } from "../logging/logger.js";
import { assembleTenant, closeAll, type Shared, type TenantForwarder } from "../pipeline/assemble.js";
import { CycleFailure } from "../pipeline/cycle.js";
import { Dispatcher } from "../schedule/dispatcher.js";
import { sameTenant } from "./same-tenant.js";

/** Readiness reasons listed at most: the rest are counted. */
const MAX_REASONS = 5;

export class Fleet {
  readonly #tenants = new Map<string, TenantForwarder>();
  readonly #dispatcher: Dispatcher;
  readonly #abort = new AbortController();
  #config: Config;
  #changing: Promise<void> = Promise.resolve();

  private constructor(
    config: Config,
    private readonly shared: Shared,
    private readonly logger: Logger,
  ) {
    this.#config = config;
    this.#dispatcher = new Dispatcher({
      concurrency: config.multiTenant ? config.concurrency : 1,
      spread: config.multiTenant,
      backoff: config.multiTenant,
    });
  }

  /** Every tenant of `config`, ready to poll; a tenant that cannot start (its state locked) stops the start. */
  static async open(config: Config, shared: Shared, logger: Logger): Promise<Fleet> {
    const fleet = new Fleet(config, shared, logger);
    try {
      for (const tenant of config.tenants) fleet.#add(await assembleTenant(config, tenant, shared), false);
    } catch (err) {
      await closeAll(shared, [...fleet.#tenants.values()], 1000);
      throw err;
    }
    return fleet;
  }

  get size(): number {
    return this.#tenants.size;
  }

  /** A tick of the schedule (the first: every tenant at once, in turn). */
  tick(periodMs: number, first: boolean): void {
    this.#dispatcher.tick(periodMs, first);
  }

  /** Applies a new configuration's tenant list; what it cannot apply without a restart is logged and kept. */
  reload(next: Config): Promise<void> {
    const change = this.#changing.then(() => this.#reload(next));
    this.#changing = change.catch(() => undefined);
    return change;
  }

  readiness(intervalMs: number, tenant?: string): Readiness {
    if (tenant !== undefined) {
      const t = this.#tenants.get(tenant);
      return t ? t.forwarder.readiness(intervalMs) : { ready: false, reason: `no tenant named ${tenant}` };
    }
    if (!this.#config.multiTenant) return [...this.#tenants.values()][0]!.forwarder.readiness(intervalMs);
    const failing = [...this.#tenants.values()].flatMap((t) => {
      const r = t.forwarder.readiness(intervalMs);
      return r.ready ? [] : [`${t.tenant.name}: ${r.reason}`];
    });
    if (failing.length === 0) return { ready: true };
    const more = failing.length > MAX_REASONS ? `; and ${failing.length - MAX_REASONS} more` : "";
    return {
      ready: false,
      reason: `${failing.length} of ${this.#tenants.size} tenants not ready: ${failing.slice(0, MAX_REASONS).join("; ")}${more}`,
    };
  }

  status(): Record<string, unknown> {
    const tenants = [...this.#tenants.values()];
    if (!this.#config.multiTenant) return tenants[0]!.forwarder.status();
    return {
      schedule: this.#config.schedule,
      mapping: this.#config.mapping,
      concurrency: this.#config.concurrency,
      polling: this.#dispatcher.busy,
      transport: this.shared.output.transport.status(),
      tenants: tenants.map((t) => {
        const { transport: _t, mapping: _m, schedule: _s, dryRun: _d, ...own } = t.forwarder.status();
        return { name: t.tenant.name, ...own };
      }),
    };
  }

  /**
   * No new cycle; the cycles in flight finish within `graceMs` or are abandoned (their undelivered records stay
   * behind their checkpoints); the output is flushed within `flushMs`; every state saved and released.
   */
  async stop(graceMs: number, flushMs: number): Promise<void> {
    await this.#changing;
    const done = this.#dispatcher.stop();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      done.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.logger.warn("the poll cycles in flight are abandoned; their undelivered records stay behind the checkpoint");
      this.#abort.abort(new Error("the forwarder is stopping"));
    }
    await closeAll(this.shared, [...this.#tenants.values()], flushMs);
    await done;
  }

  #add(t: TenantForwarder, now: boolean): void {
    this.#tenants.set(t.tenant.name, t);
    const signal = this.#abort.signal;
    this.#dispatcher.add(
      t.tenant.name,
      (reclaimed) =>
        t.forwarder.cycle({}, AbortSignal.any([signal, reclaimed])).then(
          () => true,
          (err: unknown) => {
            // The forwarder logs and counts its own failures; anything else is a bug, logged here.
            if (!(err instanceof CycleFailure)) this.logger.error({ err, tenant: t.tenant.name }, "poll cycle failed");
            return false;
          },
        ),
      now,
    );
  }

  /** Stops a tenant: its cycle in flight ends, what the output confirmed of it is saved, its state released. */
  async #remove(name: string): Promise<void> {
    const t = this.#tenants.get(name);
    if (!t) return;
    await this.#dispatcher.remove(name);
    this.#tenants.delete(name);
    await this.shared.output.transport.flush().catch(() => undefined);
    await t.close(0);
  }

  async #reload(next: Config): Promise<void> {
    const kept = keptSettings(this.#config, next);
    if (kept.length)
      this.logger.warn({ keys: kept }, `reload: ${kept.join(", ")} changed, which takes a restart; kept as running`);
    if (next.multiTenant !== this.#config.multiTenant) {
      this.logger.warn("reload: moving between one tenant and tenants: takes a restart; the tenants are kept");
      return;
    }
    const wanted = new Map(next.tenants.map((t) => [t.name, t]));
    const removed = [...this.#tenants.keys()].filter((n) => !wanted.has(n));
    const changed = [...wanted.values()].filter((t) => {
      const running = this.#tenants.get(t.name);
      return running !== undefined && !sameTenant(running.tenant, t);
    });
    const added = [...wanted.values()].filter((t) => !this.#tenants.has(t.name));
    for (const name of [...removed, ...changed.map((t) => t.name)]) await this.#remove(name);
    // A removed tenant's series would otherwise stay on /metrics with their last values; a changed one's go on.
    for (const name of removed) await this.shared.metrics.dropTenant(name);
    this.#config = { ...this.#config, tenants: next.tenants };
    const failed: string[] = [];
    for (const tenant of [...changed, ...added]) {
      if (!(await this.#start(tenant))) failed.push(tenant.name);
    }
    this.logger.info(
      {
        added: added.map((t) => t.name),
        removed,
        changed: changed.map((t) => t.name),
        failed,
        tenants: this.#tenants.size,
      },
      "tenants reloaded",
    );
  }

  /** Starts a tenant of a reloaded configuration; one that cannot start is logged, and the others go on. */
  async #start(tenant: TenantConfig): Promise<boolean> {
    const { mapping } = this.shared;
    if (tenant.source.api !== mapping.source) {
      this.logger.error(
        { tenant: tenant.name },
        `reload: tenant ${tenant.name} reads the ${tenant.source.api} API, but the mapping ${mapping.name} reads ${mapping.source}: not started`,
      );
      return false;
    }
    try {
      this.#add(await assembleTenant(this.#config, tenant, this.shared), true);
      return true;
    } catch (err) {
      this.logger.error({ err, tenant: tenant.name }, `reload: tenant ${tenant.name} could not start`);
      return false;
    }
  }
}

/** Settings of `next` that differ from the running ones and are not reloaded: the output, mapping, schedule… */
function keptSettings(running: Config, next: Config): string[] {
  const keys = ["output", "mapping", "schedule", "state", "health", "log", "concurrency"] as const;
  return keys.filter((k) => JSON.stringify(running[k]) !== JSON.stringify(next[k]));
}
