/** `simulate`: the simulated Defender tenant on a local port, until Ctrl-C or SIGTERM. */
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { isLoopback } from "../config/schema.js";
import { ExitCode, UsageError } from "../errors.js";
import { SIMULATED_APIS, startSimulator, type SimulatedApi as Api, type Simulator } from "../simulator/index.js";
import { startTenantsSimulator, type TenantsSimulator } from "../simulator/tenants.js";
import type { Command, Values } from "./command.js";

function integer(values: Values, name: string, min: number, max: number): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (typeof text !== "string" || !/^\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(`simulate: --${name} expects a whole number from ${min} to ${max}, got "${String(text)}"`);
  }
  return n;
}

async function certificate(values: Values): Promise<string | undefined> {
  if (typeof values.certificate !== "string") return undefined;
  try {
    return await readFile(values.certificate, "utf8");
  } catch (err) {
    throw new UsageError(
      `simulate: cannot read --certificate ${values.certificate} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
}

function listenProblem(host: string, port: number) {
  return (err: NodeJS.ErrnoException): never => {
    if (err.syscall !== "listen" && err.syscall !== "getaddrinfo") throw err;
    throw new UsageError(`simulate: cannot listen on ${host} port ${port} (${err.code})`);
  };
}

function apiOf(values: Values): Api {
  const api = values.api ?? "siem";
  if (!(SIMULATED_APIS as readonly unknown[]).includes(api))
    throw new UsageError(`simulate: --api expects ${SIMULATED_APIS.join(", ")}, got "${String(api)}"`);
  return api as Api;
}

function banner(sim: Simulator, api: Api): string {
  return [
    `Simulated Defender tenant at ${sim.url}`,
    `  token endpoints  ${sim.tokenUrl} (v1: the resource is an API's audience)`,
    `                   ${sim.tokenUrlV2} (v2: the scope is an API's audience + /.default)`,
    `  SIEM API         ${sim.apiUrls.siem}/api/alerts (audience ${sim.audiences.siem})`,
    `  Alerts API       ${sim.apiUrls.alerts}/api/alerts (audience ${sim.audiences.alerts})`,
    `  Graph            ${sim.apiUrls.graph}/v1.0/security/alerts_v2 (audience ${sim.audiences.graph})`,
    `                   ${sim.apiUrls.incidents}/v1.0/security/incidents (the alerts grouped into incidents)`,
    `  control          POST /_sim/faults, /_sim/clock, /_sim/records, /_sim/tokens/expire; PUT /_sim/tokens/lifetime; GET /_sim/requests`,
    "",
    `Point the forwarder's ${api} source at it with this source section (the rest of config.example.yaml unchanged):`,
    "",
    sim.configSnippet(api),
    "",
    "Then, for example: mde-forwarder once -c config.yaml --dry-run",
    "Stop with Ctrl-C.",
    "",
  ].join("\n");
}

function tenantsBanner(sim: TenantsSimulator, api: Api): string {
  return [
    `${sim.tenants.length} simulated Defender tenants at ${sim.url}, each under /t/NAME with its own credentials and alerts`,
    "",
    "Point a forwarder at all of them with these sections (the rest of config.example.yaml unchanged):",
    "",
    "source:",
    `  api: ${api}`,
    sim.tenantsSection(api),
    "",
    "Stop with Ctrl-C.",
    "",
  ].join("\n");
}

export const simulate: Command = {
  name: "simulate",
  summary: "serve a simulated Defender tenant",
  usage:
    "simulate [--port N] [--host HOST] [--seed N] [--rate N] [--api API] [--tenants N] [--token-lifetime S] [--client-id ID] [--client-secret S] [--certificate FILE]",
  options: {
    port: { type: "string", value: "N", help: "port to listen on (default 0: a free port, printed)" },
    host: { type: "string", value: "HOST", help: "address to listen on (default 127.0.0.1)" },
    seed: { type: "string", value: "N", help: "the same seed gives the same alerts (default 1)" },
    rate: {
      type: "string",
      value: "N",
      help: "new alerts per minute, each 1 to 3 records (default 2); analysts take and resolve them over time",
    },
    api: {
      type: "string",
      value: "API",
      help: `${SIMULATED_APIS.join(", ")}: the source section printed (default siem)`,
      complete: SIMULATED_APIS,
    },
    tenants: {
      type: "string",
      value: "N",
      help: "N tenants, each with its own credentials and alerts; prints the matching tenants: section",
    },
    "token-lifetime": { type: "string", value: "S", help: "access token lifetime in seconds (default 3599)" },
    "client-id": { type: "string", value: "ID", help: "the application id to accept (default: a new GUID)" },
    "client-secret": {
      type: "string",
      value: "S",
      help: "the client secret to accept (default: a new random one)",
    },
    certificate: {
      type: "string",
      value: "FILE",
      help: "a PEM certificate whose key may sign client assertions",
      complete: "file",
    },
  },
  async run(values, _positionals, io) {
    const api = apiOf(values);
    const host = typeof values.host === "string" ? values.host : "127.0.0.1";
    const port = integer(values, "port", 0, 65_535) ?? 0;
    if (!isLoopback(host))
      io.stderr.write(
        `warning: --host ${host} is beyond loopback: the /_sim control routes are unauthenticated, and anyone who ` +
          "reaches the port can fake faults, move the clock and add alerts; keep the simulator on 127.0.0.1\n",
      );
    const count = integer(values, "tenants", 1, 10_000);
    if (count !== undefined) {
      for (const alone of ["client-id", "client-secret", "certificate"])
        if (values[alone] !== undefined) throw new UsageError(`simulate: --${alone} is for one tenant, not --tenants`);
      const sims = await startTenantsSimulator({
        count,
        host,
        port,
        seed: integer(values, "seed", 0, 2 ** 32 - 1),
        ratePerMinute: integer(values, "rate", 0, 10_000),
        tokenLifetimeSeconds: integer(values, "token-lifetime", 1, 86_400),
      }).catch(listenProblem(host, port));
      io.stdout.write(tenantsBanner(sims, api));
      await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      await sims.close();
      return ExitCode.ok;
    }
    const sim = await startSimulator({
      host,
      port,
      seed: integer(values, "seed", 0, 2 ** 32 - 1),
      ratePerMinute: integer(values, "rate", 0, 10_000),
      tokenLifetimeSeconds: integer(values, "token-lifetime", 1, 86_400),
      clientId: typeof values["client-id"] === "string" ? values["client-id"] : undefined,
      clientSecret: typeof values["client-secret"] === "string" ? values["client-secret"] : undefined,
      certificatePem: await certificate(values),
    }).catch(listenProblem(host, port));
    io.stdout.write(banner(sim, api));
    await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
    await sim.close();
    return ExitCode.ok;
  },
};
