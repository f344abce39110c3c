/**
 * The simulated tenant in a process of its own (`mde-forwarder simulate`), so its memory and CPU are not the
 * forwarder's: records are added over its HTTP control API, as a script would.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { startBuiltCli } from "../../test/support/cli-process.js";

export interface SimulatorProcess {
  url: string;
  tokenUrl: string;
  resource: string;
  clientId: string;
  clientSecret: string;
  /** The configuration's `source:` section that points a forwarder here. */
  sourceYaml: string;
  /**
   * Adds `count` records spread over the `over` (ISO 8601 duration) before the simulator's now, visible at once;
   * resolves with the time they became visible (the reply's arrival).
   */
  addRecords(count: number, over: string): Promise<number>;
  /** Every later API request's response starts `ms` later (the simulator's `slow` fault, repeated). */
  addLatency(ms: number): Promise<void>;
  /** The SIEM API requests served so far, in order: their since and until as sent. */
  apiRequests(): Promise<{ since: string; until: string }[]>;
  /** Makes these requests again one after the other, reading and dropping each body: the API's time alone, in s. */
  replay(requests: { since: string; until: string }[]): Promise<number>;
  close(): Promise<void>;
}

const CLIENT_ID = "6a0c1b2e-0000-4000-8000-00000000be0c";
const CLIENT_SECRET = "bench-secret";

function field(banner: string, pattern: RegExp): string {
  const m = pattern.exec(banner);
  if (!m) throw new Error(`the simulator's banner lacks ${pattern.source}:\n${banner}`);
  return m[1]!;
}

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const args = ["simulate", "--rate", "0", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET];
  const { child, output } = await startBuiltCli(args, "Stop with Ctrl-C.");
  try {
    return simulatorProcess(child, output);
  } catch (err) {
    await stop(child);
    throw err;
  }
}

function simulatorProcess(child: ChildProcess, output: string): SimulatorProcess {
  const url = field(output, /^Simulated Defender tenant at (\S+)/m);
  const sourceYaml = output.slice(output.indexOf("source:\n"), output.indexOf("\n\nThen,"));
  return {
    url,
    tokenUrl: field(sourceYaml, /^\s*tokenUrl: (\S+)/m),
    resource: field(output, /SIEM API\s+\S+ \(audience (\S+)\)/),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    sourceYaml,
    async addRecords(count, over) {
      const reply = await fetch(`${url}/_sim/records`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ count, over }),
      });
      if (!reply.ok) throw new Error(`the simulator refused to add records: ${reply.status} ${await reply.text()}`);
      return Date.now();
    },
    async addLatency(ms) {
      await control(`${url}/_sim/faults`, { target: "api", kind: "slow", delayMs: ms, times: 1_000_000 });
    },
    async apiRequests() {
      const reply = await fetch(`${url}/_sim/requests`);
      const served = (await reply.json()) as { path: string; query: Record<string, string[]> }[];
      return served
        .filter((r) => r.path === "/api/alerts")
        .map((r) => ({ since: r.query.sinceTimeUtc?.[0] ?? "", until: r.query.untilTimeUtc?.[0] ?? "" }));
    },
    async replay(requests) {
      const token = await tokenFor(this);
      const started = process.hrtime.bigint();
      for (const { since, until } of requests) {
        const query = new URLSearchParams({ sinceTimeUtc: since, untilTimeUtc: until });
        const reply = await fetch(`${url}/api/alerts?${query.toString()}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!reply.ok) throw new Error(`the simulator answered ${reply.status} to a replayed request`);
        for await (const _chunk of reply.body!);
      }
      return Number(process.hrtime.bigint() - started) / 1e9;
    },
    close: () => stop(child),
  };
}

async function control(address: string, body: unknown): Promise<void> {
  const reply = await fetch(address, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!reply.ok) throw new Error(`the simulator refused ${address}: ${reply.status} ${await reply.text()}`);
}

async function tokenFor(sim: SimulatorProcess): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    resource: sim.resource,
  });
  const reply = await fetch(sim.tokenUrl, { method: "POST", body: form });
  if (!reply.ok) throw new Error(`the simulator refused a token: ${reply.status} ${await reply.text()}`);
  return ((await reply.json()) as { access_token: string }).access_token;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

export interface TenantsSimulatorProcess {
  /** Each simulated tenant's name and its entry of `tenants:` (lines indented by two, starting `- name:`). */
  tenants: { name: string; entry: string }[];
  /** Adds one record to a tenant, visible at once; resolves with the time it became visible. */
  addRecord(name: string): Promise<number>;
  close(): Promise<void>;
}

/** `mde-forwarder simulate --tenants COUNT` (no generated alerts) in a process of its own. */
export async function startTenantsSimulatorProcess(count: number): Promise<TenantsSimulatorProcess> {
  const args = ["simulate", "--tenants", String(count), "--rate", "0"];
  const { child, output } = await startBuiltCli(args, "Stop with Ctrl-C.");
  try {
    const url = field(output, /^\d+ simulated Defender tenants at (\S+?),/m);
    const section = output.slice(output.indexOf("tenants:\n") + "tenants:\n".length, output.indexOf("\n\nStop with"));
    const tenants = section
      .split(/(?=^ {2}- name: )/m)
      .map((entry) => ({ name: field(entry, /name: (\S+)/), entry: entry.trimEnd() }));
    return {
      tenants,
      async addRecord(name) {
        await control(`${url}/t/${name}/_sim/records`, { count: 1, over: "PT1S" });
        return Date.now();
      },
      close: () => stop(child),
    };
  } catch (err) {
    await stop(child);
    throw err;
  }
}
