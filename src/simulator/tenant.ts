/**
 * The simulated tenant's activity: alerts arrive at a configured rate on the simulator's clock, generated lazily up
 * to "now" whenever an API is asked, so a given seed and clock always give the same alerts. Some become visible
 * late: their lastProcessed time is minutes before the moment the API first shows them.
 */
import { createFleet, generateAlert, type SimAlert } from "./alerts.js";
import { IncidentBook } from "./incidents.js";
import { applyChange, planChanges, type AlertChange, type AlertState } from "./lifecycle.js";
import { Random } from "./random.js";
import { AlertStore } from "./store.js";

export interface TenantOptions {
  seed: number;
  /** Alerts per minute of simulated time; 0: only alerts added by the caller. */
  ratePerMinute: number;
  /** How much history exists at start, in ms (generated at the same rate). */
  historyMs: number;
  /** The share of alerts that become visible late, and by how much at most (ms). */
  lateFraction: number;
  lateByMs: number;
  startMs: number;
  /** Generated alerts are taken, assigned and resolved over time (default true); added ones change only when told. */
  updates?: boolean;
}

/** What a test may fix about an alert it adds; the rest is generated. */
export interface AlertSpec {
  lastProcessed: Date | number;
  visibleAt?: Date | number;
  machineGroup?: string;
  deviceTags?: string;
  cloudTags?: string;
  /** How many SIEM records (pieces of evidence) it has; default: its detection's own count (1 to 3). */
  parts?: number;
  /** Graph's serviceSource: another product's alert is in Graph only. Default microsoftDefenderForEndpoint. */
  serviceSource?: string;
}

const FLEET_SIZE = 40;
const ms = (t: Date | number) => (typeof t === "number" ? t : t.getTime());

export class Tenant {
  readonly store = new AlertStore();
  readonly #incidents = new IncidentBook();
  readonly #rng: Random;
  readonly #fleet;
  readonly #options: TenantOptions;
  #nextArrival: number;

  constructor(options: TenantOptions) {
    this.#options = options;
    this.#rng = new Random(options.seed);
    this.#fleet = createFleet(this.#rng, FLEET_SIZE);
    this.#nextArrival = options.startMs - options.historyMs;
  }

  /** Generates every alert that arrives up to `now`. */
  advanceTo(now: number): void {
    const { ratePerMinute, lateFraction, lateByMs } = this.#options;
    if (ratePerMinute <= 0) return;
    while (this.#nextArrival <= now) {
      const visibleAt = this.#nextArrival;
      const late = this.#rng.chance(lateFraction) ? this.#rng.int(60_000, Math.max(60_000, lateByMs)) : 0;
      const alert = generateAlert(this.#rng, this.#fleet, { lastProcessed: visibleAt - late, visibleAt });
      if (this.#options.updates ?? true) planChanges(alert);
      this.store.add(alert);
      this.#nextArrival += Math.max(1, Math.round((-Math.log(1 - this.#rng.next()) * 60_000) / ratePerMinute));
    }
  }

  /** The incidents of the alerts so far (each alert placed once, when first asked for). */
  get incidents(): IncidentBook {
    if (this.#incidents.placed !== this.store.size) this.#incidents.sync(this.store.visible(Number.POSITIVE_INFINITY));
    return this.#incidents;
  }

  add(spec: AlertSpec): SimAlert {
    const alert = this.#generate(spec);
    this.store.add(alert);
    return alert;
  }

  #generate(spec: AlertSpec): SimAlert {
    const lastProcessed = ms(spec.lastProcessed);
    const alert = generateAlert(this.#rng, this.#fleet, {
      lastProcessed,
      visibleAt: spec.visibleAt === undefined ? lastProcessed : ms(spec.visibleAt),
    });
    alert.device = {
      ...alert.device,
      group: spec.machineGroup ?? alert.device.group,
      deviceTags: spec.deviceTags ?? alert.device.deviceTags,
      cloudTags: spec.cloudTags ?? alert.device.cloudTags,
    };
    if (spec.parts !== undefined)
      alert.evidence = Array.from({ length: spec.parts }, (_, i) => alert.evidence[i % alert.evidence.length]!).map(
        this.#distinct,
      );
    if (spec.serviceSource !== undefined) alert.serviceSource = spec.serviceSource;
    return alert;
  }

  /** Changes an alert at `at` (status, assignment, classification, a comment): its last-update time moves to `at`. */
  update(alert: SimAlert, change: AlertChange, at: Date | number): AlertState {
    return applyChange(alert, change, ms(at));
  }

  /**
   * Adds alerts with exactly `count` SIEM records in total, spread over [from, to), all visible at once. They are
   * stored together, so a million records take seconds, not the hours of inserting them one by one.
   */
  addRecords(count: number, from: number, to: number): SimAlert[] {
    const added: SimAlert[] = [];
    for (let left = count; left > 0;) {
      const alert = this.#generate({ lastProcessed: from + Math.floor(this.#rng.next() * (to - from)) });
      if (alert.evidence.length > left) alert.evidence = alert.evidence.slice(0, left);
      left -= alert.evidence.length;
      added.push(alert);
    }
    this.store.addAll(added);
    return added;
  }

  /** Repeated evidence gets its own indicator id, so every record keeps a distinct FullId. */
  #distinct = (e: SimAlert["evidence"][number], i: number) =>
    i === 0 ? e : { ...e, iocUniqueId: this.#rng.bytes(32).toString("base64") };
}
