/**
 * Many simulated tenants on one port, for trying and measuring `tenants:`: each under `/t/NAME` with its own tenant
 * ID, application, secret, alerts (its own seed), faults and limits, all on one clock. `tenantsSection` prints the
 * configuration that points a forwarder at every one of them.
 */
import type { AddressInfo } from "node:net";
import { SimClock } from "./clock.js";
import type { Api, ServedRequest } from "./context.js";
import type { SimEntra } from "./entra.js";
import type { Faults } from "./faults.js";
import { simContext, type SimulatorOptions } from "./index.js";
import { ALERTS_API_PREFIX } from "./routes/alerts-api.js";
import { buildTenantsApp, tenantPrefix } from "./server.js";
import type { Tenant } from "./tenant.js";

export interface TenantsSimulatorOptions extends Omit<
  SimulatorOptions,
  "tenantId" | "clientId" | "clientSecret" | "certificatePem"
> {
  count: number;
}

export interface SimulatedTenant {
  name: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `source.url` for each API, and the v1 and v2 token endpoints. */
  apiUrls: Record<Api, string>;
  tokenUrl: string;
  tokenUrlV2: string;
  tenant: Tenant;
  faults: Faults;
  entra: SimEntra;
  requests: ServedRequest[];
}

export interface TenantsSimulator {
  url: string;
  clock: SimClock;
  tenants: SimulatedTenant[];
  /** `tenants:` for every simulated tenant, each with its own credentials and URLs (`source:` says `api`). */
  tenantsSection(api?: Api): string;
  close(): Promise<void>;
}

/** `tenant-01` … `tenant-30`: names sort in order. */
export function simulatedTenantName(i: number, count: number): string {
  return `tenant-${String(i + 1).padStart(String(count).length, "0")}`;
}

/** A GUID made from the tenant's number, so the same count gives the same tenant IDs. */
const guid = (kind: number, i: number) =>
  `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`;

export async function startTenantsSimulator(options: TenantsSimulatorOptions): Promise<TenantsSimulator> {
  const clock = new SimClock(options.now);
  const made = Array.from({ length: options.count }, (_, i) => {
    const name = simulatedTenantName(i, options.count);
    const ids = { tenantId: guid(0x7e7a7700, i), clientId: guid(0xc11e7700, i), clientSecret: `sim-secret-${name}` };
    const { ctx } = simContext({ ...options, ...ids, seed: (options.seed ?? 1) + i }, clock);
    return { name, ids, ctx };
  });
  const app = buildTenantsApp(made, { log: options.log });
  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const tenants: SimulatedTenant[] = made.map(({ name, ids, ctx }) => {
    const base = `${url}${tenantPrefix(name)}`;
    return {
      name,
      ...ids,
      apiUrls: { siem: base, alerts: `${base}${ALERTS_API_PREFIX}`, graph: base, incidents: base },
      tokenUrl: `${base}/${ids.tenantId}/oauth2/token`,
      tokenUrlV2: `${base}/${ids.tenantId}/oauth2/v2.0/token`,
      tenant: ctx.tenant,
      faults: ctx.faults,
      entra: ctx.entra,
      requests: ctx.requests,
    };
  });
  return {
    url,
    clock,
    tenants,
    tenantsSection: (api = "siem") =>
      [
        "tenants:",
        ...tenants.flatMap((t) => [
          `  - name: ${t.name}`,
          `    tenantId: ${t.tenantId}`,
          `    clientId: ${t.clientId}`,
          `    clientSecret: ${t.clientSecret}`,
          `    url: ${t.apiUrls[api]}`,
          `    tokenUrl: ${api === "siem" ? t.tokenUrl : t.tokenUrlV2}`,
        ]),
      ].join("\n"),
    close: () => app.close(),
  };
}
