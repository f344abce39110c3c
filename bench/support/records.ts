/**
 * Realistic records of each API from the simulator's generator (the same alerts, devices, users and command lines the
 * simulated tenant serves), round-tripped through JSON so they are what a source hands the mapping: parsed objects
 * with flat strings, not the generator's concatenated ones.
 */
import type { Api } from "../../src/config/config.js";
import type { SimAlert } from "../../src/simulator/alerts.js";
import { IncidentBook } from "../../src/simulator/incidents.js";
import { Tenant } from "../../src/simulator/tenant.js";
import { alertsApiAlert } from "../../src/simulator/views/alerts-api.js";
import { graphAlert } from "../../src/simulator/views/graph.js";
import { graphIncident } from "../../src/simulator/views/incidents.js";
import { incidentMessage } from "../../src/sources/incidents/messages.js";
import { siemRecords } from "../../src/simulator/views/siem.js";

export type ApiRecord = Record<string, unknown>;

const TENANT_ID = "11111111-2222-3333-4444-555555555555";
const HOUR = 3_600_000;

/** The incident an alert opens alone, its alert expanded, as the incidents source hands it to the mapping. */
function incidentOfOne(alert: SimAlert, now: number): ApiRecord {
  const book = new IncidentBook();
  book.sync([alert]);
  const view = graphIncident(book, book.incidentOf(alert, now)!, now, {
    alerts: true,
    tenantId: TENANT_ID,
    unknownEnumMembers: false,
  });
  return incidentMessage(JSON.parse(JSON.stringify(view)) as ApiRecord);
}

/**
 * An API's records of one alert: the SIEM API has one per piece of evidence, the others one with its evidence, Graph
 * incidents one incident holding it.
 */
const VIEWS: Record<Api, (alert: SimAlert, now: number) => ApiRecord[]> = {
  siem: (alert) => siemRecords(alert),
  alerts: (alert, now) => [alertsApiAlert(alert, now, { evidence: true, tenantId: TENANT_ID })],
  graph: (alert, now) => [graphAlert(alert, now, { evidence: true, tenantId: TENANT_ID, unknownEnumMembers: false })],
  incidents: (alert, now) => [incidentOfOne(alert, now)],
};

/**
 * A generator of distinct records of `api`: each call to `next(n)` gives n new ones, from a tenant of its own (so
 * nothing generated before is kept).
 */
export function recordSource(api: Api, seed = 7): { next(count: number): ApiRecord[] } {
  const start = Date.UTC(2026, 10, 26, 12);
  let batch = 0;
  return {
    next(count) {
      const from = start + batch * HOUR;
      const tenant = new Tenant({
        seed: seed + batch++,
        ratePerMinute: 0,
        historyMs: 0,
        lateFraction: 0,
        lateByMs: 0,
        startMs: from,
      });
      const alerts =
        api === "siem"
          ? tenant.addRecords(count, from, from + HOUR)
          : Array.from({ length: count }, (_, i) => tenant.add({ lastProcessed: from + (i * HOUR) / count }));
      const records = alerts.flatMap((alert) => VIEWS[api](alert, from + HOUR));
      // One record at a time: a whole Graph catch-up is longer than the longest string V8 can make.
      return records.map((record) => JSON.parse(JSON.stringify(record)) as ApiRecord);
    },
  };
}
