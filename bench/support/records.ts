/**
 * Realistic SIEM API records from the simulator's generator (the same alerts, devices, users and command lines the
 * simulated tenant serves), round-tripped through JSON so they are what the source hands the mapping: parsed
 * objects with flat strings, not the generator's concatenated ones.
 */
import { Tenant } from "../../src/simulator/tenant.js";
import { siemRecords } from "../../src/simulator/views/siem.js";

export type SiemRecord = Record<string, unknown>;

/**
 * A generator of distinct records: each call to `next(n)` gives n new ones, from a tenant of its own (so nothing
 * generated before is kept).
 */
export function siemRecordSource(seed = 7): { next(count: number): SiemRecord[] } {
  const start = Date.UTC(2026, 10, 26, 12);
  let batch = 0;
  return {
    next(count) {
      const from = start + batch * 3_600_000;
      const tenant = new Tenant({ seed: seed + batch++, ratePerMinute: 0, historyMs: 0, lateFraction: 0, lateByMs: 0, startMs: from });
      const alerts = tenant.addRecords(count, from, from + 3_600_000);
      return JSON.parse(JSON.stringify(alerts.flatMap((a) => siemRecords(a)))) as SiemRecord[];
    },
  };
}
