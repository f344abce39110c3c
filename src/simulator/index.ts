/**
 * A simulated Defender tenant on a real HTTP port: Entra ID's token endpoints, the SIEM API, the Alerts API, Graph
 * alerts_v2 and Graph incidents (four views of the same alerts, the last grouping them), realistic alerts from a seed
 * that change over time, faults on demand.
 * Tests, the demo and `mde-forwarder simulate` all start it through here.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SimClock } from "./clock.js";
import type { Api, ServedRequest, SimContext } from "./context.js";
import { SimEntra } from "./entra.js";
import { Faults } from "./faults.js";
import { DOCUMENTED_LIMITS, RequestLimits } from "./rate-limits.js";
import { ALERTS_API_PREFIX } from "./routes/alerts-api.js";
import { buildSimulatorApp } from "./server.js";
import { Tenant } from "./tenant.js";
import type { SiemStyle } from "./views/siem.js";

export type { Api as SimulatedApi } from "./context.js";
export { SIMULATED_APIS } from "./context.js";
export type { Fault, FaultTarget } from "./faults.js";
export type { AlertSpec } from "./tenant.js";
export { siemRecords } from "./views/siem.js";
export { RawJson } from "./store.js";

export interface SimulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  seed?: number;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** The application's public certificate (PEM): enables certificate credentials. */
  certificatePem?: string;
  /** The token audience the SIEM API accepts; default https://graph.windows.net. */
  resource?: string;
  /** The audiences of the Alerts API and Graph (alerts_v2 and incidents); default Microsoft's (commercial cloud). */
  audiences?: { alerts?: string; graph?: string };
  /** Enforce the documented request limits with 429 (default true). */
  rateLimits?: boolean;
  /** The Alerts API sends @odata.nextLink (default true); false: clients must page by $skip. */
  alertsNextLink?: boolean;
  /**
   * Graph's paging, which Microsoft does not document: the page size without `$top` (default 1000) and the largest
   * `$top` accepted (default 1000; 0 refuses `$top` with a 400, as a stricter service might).
   */
  graphPaging?: { pageSize?: number; maxTop?: number };
  /** Generated alerts are taken, assigned and resolved over time (default true). */
  updates?: boolean;
  tokenLifetimeSeconds?: number;
  /** Alerts per minute of simulated time (each has 1 to 3 records); 0: only what the caller adds. Default 2. */
  ratePerMinute?: number;
  /** History generated at start; default 2 hours. */
  historyMs?: number;
  /** Share of alerts visible late (default 0.1), and by how much at most (default 15 minutes). */
  lateFraction?: number;
  lateByMs?: number;
  /** Freeze the clock at this time (ms); default: the real clock. */
  now?: number;
  /** `legacy`: null instead of "" for missing values, as older tenants sent. */
  siemStyle?: SiemStyle;
  log?: boolean;
}

export interface Simulator {
  url: string;
  /** v1 token endpoint (with `resource`); `tokenUrlV2` takes `scope`. */
  tokenUrl: string;
  tokenUrlV2: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  resource: string;
  /** The token audience of each API, and the `source.url` that points each API's source here. */
  audiences: Record<Api, string>;
  apiUrls: Record<Api, string>;
  clock: SimClock;
  faults: Faults;
  tenant: Tenant;
  entra: SimEntra;
  /** Every request served, oldest first. */
  requests: ServedRequest[];
  /** Forgets the requests counted against the rate limits (after a test moved the clock back). */
  resetLimits(): void;
  /** A configuration `source:` section that points the forwarder's source for `api` (default siem) here. */
  configSnippet(api?: Api): string;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = new SimClock(options.now);
  const tenantId = options.tenantId ?? "11111111-2222-3333-4444-555555555555";
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? `sim-secret-${randomUUID()}`;
  const { ctx, audiences, resource, documentedLimits } = simContext(
    { ...options, tenantId, clientId, clientSecret },
    clock,
  );
  const app = buildSimulatorApp(ctx, { log: options.log });
  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const tokenUrl = `${url}/${tenantId}/oauth2/token`;
  const apiUrls: Record<Api, string> = { siem: url, alerts: `${url}${ALERTS_API_PREFIX}`, graph: url, incidents: url };
  return {
    url,
    tokenUrl,
    tokenUrlV2: `${url}/${tenantId}/oauth2/v2.0/token`,
    tenantId,
    clientId,
    clientSecret,
    resource,
    audiences,
    apiUrls,
    clock,
    faults: ctx.faults,
    tenant: ctx.tenant,
    entra: ctx.entra,
    requests: ctx.requests,
    resetLimits: () => (ctx.limits = documentedLimits()),
    configSnippet: (api = "siem") =>
      [
        "source:",
        `  api: ${api}`,
        `  tenantId: ${tenantId}`,
        `  clientId: ${clientId}`,
        `  clientSecret: ${clientSecret}`,
        `  url: ${apiUrls[api]}`,
        `  tokenUrl: ${api === "siem" ? tokenUrl : `${url}/${tenantId}/oauth2/v2.0/token`}`,
      ].join("\n"),
    close: () => app.close(),
  };
}

/** One simulated tenant's state: its alerts, its Entra, its faults and limits, on `clock`. */
export function simContext(
  options: SimulatorOptions & { tenantId: string; clientId: string; clientSecret: string },
  clock: SimClock,
) {
  const { tenantId, clientId, clientSecret } = options;
  const resource = options.resource ?? "https://graph.windows.net";
  const graph = options.audiences?.graph ?? "https://graph.microsoft.com";
  const audiences: Record<Api, string> = {
    siem: resource,
    alerts: options.audiences?.alerts ?? "https://api.securitycenter.microsoft.com",
    graph,
    incidents: graph,
  };
  const limited = options.rateLimits ?? true;
  const documentedLimits = (): SimContext["limits"] => {
    if (!limited) return {};
    // One limit for Graph's /security: alerts_v2 and incidents count together.
    const security = new RequestLimits(DOCUMENTED_LIMITS.graph);
    return { alerts: new RequestLimits(DOCUMENTED_LIMITS.alerts), graph: security, incidents: security };
  };
  const ctx: SimContext = {
    clock,
    faults: new Faults(),
    requests: [],
    siemStyle: options.siemStyle ?? "current",
    tenantId,
    audiences,
    limits: documentedLimits(),
    alertsNextLink: options.alertsNextLink ?? true,
    graphPaging: { pageSize: options.graphPaging?.pageSize ?? 1000, maxTop: options.graphPaging?.maxTop ?? 1000 },
    entra: new SimEntra(
      {
        tenantId,
        clientId,
        clientSecret,
        audiences: Object.values(audiences),
        certificatePem: options.certificatePem,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
      },
      clock,
    ),
    tenant: new Tenant({
      seed: options.seed ?? 1,
      ratePerMinute: options.ratePerMinute ?? 2,
      historyMs: options.historyMs ?? 2 * 3_600_000,
      lateFraction: options.lateFraction ?? 0.1,
      lateByMs: options.lateByMs ?? 15 * 60_000,
      startMs: clock.now(),
      updates: options.updates ?? true,
    }),
  };
  return { ctx, audiences, resource, documentedLimits };
}
