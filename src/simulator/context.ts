/** What the simulator's routes share: the tenant, Entra, faults, the clock, limits and the log of requests served. */
import type { SimClock } from "./clock.js";
import type { SimEntra } from "./entra.js";
import type { Faults } from "./faults.js";
import type { RequestLimits } from "./rate-limits.js";
import type { Tenant } from "./tenant.js";
import type { SiemStyle } from "./views/siem.js";

/** The APIs the simulator serves: four views of the same alerts (Graph's incidents group them). */
export const SIMULATED_APIS = ["siem", "alerts", "graph", "incidents"] as const;
export type Api = (typeof SIMULATED_APIS)[number];

export interface ServedRequest {
  method: string;
  path: string;
  /** Query parameters as sent, repeated ones in order. */
  query: Record<string, string[]>;
  status: number;
  userAgent: string | undefined;
  /** Simulator clock time. */
  at: number;
}

export interface SimContext {
  tenant: Tenant;
  entra: SimEntra;
  faults: Faults;
  clock: SimClock;
  requests: ServedRequest[];
  siemStyle: SiemStyle;
  tenantId: string;
  /** The token audience each API accepts: a token for another API's is refused with 401, as Microsoft's APIs do. */
  audiences: Record<Api, string>;
  /** Each API's documented request limits; an API without an entry is not limited. */
  limits: Partial<Record<Api, RequestLimits>>;
  /** Whether the Alerts API sends @odata.nextLink (Microsoft does not document it); without, clients page by $skip. */
  alertsNextLink: boolean;
  /** Graph's page without `$top`, and the largest `$top` it accepts (0: none). */
  graphPaging: { pageSize: number; maxTop: number };
}

export function queryOf(url: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URL(url, "http://simulator").searchParams) (query[name] ??= []).push(value);
  return query;
}

/** Parameter names are case-insensitive, as on Microsoft's servers. */
export function param(query: Record<string, string[]>, name: string): string[] {
  const lower = name.toLowerCase();
  return Object.entries(query).flatMap(([k, v]) => (k.toLowerCase() === lower ? v : []));
}
