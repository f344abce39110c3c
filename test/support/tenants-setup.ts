/**
 * Many simulated tenants and one `run` or `once` of the built CLI forwarding all of them to a real rsyslog: the
 * configuration as `simulate --tenants` prints it, and the messages that arrived, by tenant.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { siemRecords } from "../../src/simulator/index.js";
import type { TenantsSimulator } from "../../src/simulator/tenants.js";
import { decodeCef } from "./cef-decoder.js";
import type { Rsyslog } from "./rsyslog.js";

const MIN = 60_000;

export interface TenantsConfigOptions {
  sims: TenantsSimulator;
  rsyslog: Rsyslog;
  stateDir: string;
  /** The health server's port (default off). */
  healthPort?: number;
  /** Only these tenants (default all). */
  only?: string[];
  /** Lines replacing a tenant's entry lines (e.g. a wrong secret), by name. */
  edit?: (name: string, lines: string) => string;
  /** Extra top-level lines. */
  top?: string;
}

/** The configuration file for the simulated tenants, written to the state directory. */
export function writeTenantsConfig(o: TenantsConfigOptions): string {
  const section = o.sims
    .tenantsSection("siem")
    .split(/(?=^ {2}- name: )/m)
    .filter((entry, i) => i === 0 || !o.only || o.only.includes(/name: (\S+)/.exec(entry)![1]!))
    .map((entry, i) => (i === 0 || !o.edit ? entry : o.edit(/name: (\S+)/.exec(entry)![1]!, entry)))
    .join("");
  const file = join(o.stateDir, "config.yaml");
  writeFileSync(
    file,
    `source:
  api: siem
  lookback: PT2H
  overlap: PT5M
  maxWindow: PT15M
${section.trimEnd()}
schedule: "* * * * * *"
output:
  transport: tcp
  host: 127.0.0.1
  port: ${o.rsyslog.ports.tcp}
  framing: octet-counting
  reconnectDelay: PT0.1S
  maxReconnectDelay: PT0.5S
state:
  dir: ${JSON.stringify(o.stateDir)}
health:
  listen: ${o.healthPort === undefined ? "off" : `127.0.0.1:${o.healthPort}`}
${o.top ?? ""}
`,
  );
  return file;
}

/**
 * `count` records added to each tenant's past, from `fromAgo` to a minute ago (a running tenant's within its overlap):
 * the FullIds expected, by tenant name.
 */
export function addRecordsToEach(
  sims: TenantsSimulator,
  count: number,
  names?: string[],
  fromAgo = 50 * MIN,
): Map<string, string[]> {
  const now = sims.clock.now();
  return new Map(
    sims.tenants
      .filter((t) => !names || names.includes(t.name))
      .map((t) => [
        t.name,
        t.tenant
          .addRecords(count, now - fromAgo, now - MIN)
          .flatMap((a) => siemRecords(a).map((r) => String(r.FullId))),
      ]),
  );
}

/** The messages that arrived, each as its tenant (TenantName) and identity (FullId). */
export function arrivals(lines: string[]): { tenant: string; id: string }[] {
  return lines.map((line) => {
    const { extension } = decodeCef(line.slice(line.indexOf("CEF:")));
    return { tenant: extension.TenantName ?? "?", id: extension.flexString2 ?? "?" };
  });
}

/** For each tenant: its expected identities that never arrived, arrived twice or more, or under another tenant. */
export function tenantDelivery(expected: Map<string, string[]>, lines: string[]) {
  const seen = new Map<string, number>();
  for (const { tenant, id } of arrivals(lines)) seen.set(`${tenant} ${id}`, (seen.get(`${tenant} ${id}`) ?? 0) + 1);
  let lost = 0;
  let duplicates = 0;
  let known = 0;
  for (const [tenant, ids] of expected)
    for (const id of ids) {
      const n = seen.get(`${tenant} ${id}`) ?? 0;
      if (n === 0) lost++;
      duplicates += Math.max(0, n - 1);
      known += n;
    }
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  return { lost, duplicates, unexpected: total - known };
}

/** Waits until every expected record arrived under its tenant (or the wait ends); returns the lines. */
export async function waitForTenants(
  rsyslog: Rsyslog,
  expected: Map<string, string[]>,
  timeoutMs = 60_000,
): Promise<string[]> {
  const read = async () => {
    const text = await rsyslog.read("tcp");
    return text ? text.replace(/\n$/, "").split("\n") : [];
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = await read();
    if (tenantDelivery(expected, lines).lost === 0 || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
}
