/**
 * The configuration file's schema: every key, its default and its bounds. `source` and `output` are composed from the
 * sources' and transports' own options (sources/registry.ts, transports/registry.ts). Constraints between keys live in
 * `crossChecks` and in each component's options, so each error still points at the key to change.
 */
import { validate as isCronExpression } from "node-cron";
import * as z from "zod";
import { SOURCES } from "../sources/registry.js";
import { TRANSPORTS } from "../transports/registry.js";
import { unionOn } from "./components.js";
import { formatDuration } from "./duration.js";
import { bool, intIn, section, text } from "./values.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const source = unionOn("api", SOURCES);
const output = unionOn("transport", TRANSPORTS);

const LISTEN = /^(?:(\[[0-9a-f:]+\]|[^:\s]+):)?(\d{1,5})$/i;

const health = z.strictObject({
  listen: z
    .string()
    .regex(/^off$|^(?:(?:\[[0-9a-f:]+\]|[^:\s]+):)?\d{1,5}$/i, {
      error: "expected HOST:PORT such as 127.0.0.1:9780, or off",
    })
    .default("127.0.0.1:9780"),
  /** Listening beyond loopback exposes metrics and status to the network: it must be asked for. */
  allowRemote: bool().default(false),
});

/** A tenant's name labels its state file, log lines, metrics and messages: short, plain, unique. */
export const TENANT_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** One entry of `tenants:`: its name, and any `source` key, which wins over `source:` (checked merged, load.ts). */
const tenant = z
  .looseObject({
    name: z
      .string({ error: "expected a tenant name such as contoso" })
      .regex(TENANT_NAME, { error: "expected lower-case letters, digits and hyphens, starting with a letter or digit" })
      .max(63, { error: "expected at most 63 characters" })
      .describe("Labels the tenant's state file, log lines, metrics and messages; unique."),
  })
  .describe("A tenant: its name and the source keys it sets (tenantId at least), which win over source:.");

const tenants = z
  .array(tenant, { error: "expected a list of tenants, each with a name and a tenantId" })
  .min(1, { error: "expected at least one tenant, or no tenants key for a single tenant" })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${t.name}" names another tenant already` });
      seen.add(t.name);
    });
  })
  .optional()
  .describe("Several tenants in one process; without it, source: is the one tenant.");

export const configSchema = z
  .strictObject({
    source,
    tenants,
    concurrency: intIn(1, 256)
      .default(16)
      .describe("With tenants: at most this many tenants poll at once; polls are spread over the schedule."),
    schedule: z
      .string()
      .refine((c) => isCronExpression(c), { error: 'expected a cron expression such as "*/1 * * * *"' })
      .default("*/1 * * * *"),
    mapping: text("builtin:NAME or the path of a mapping file").optional(),
    output,
    state: section(z.strictObject({ dir: text("a directory").optional() }).default({})),
    health: section(health.default({ listen: "127.0.0.1:9780", allowRemote: false })),
    log: section(z.strictObject({ level: z.enum(LOG_LEVELS).default("info") }).default({ level: "info" })),
  })
  .superRefine(crossChecks);

export type RawConfig = z.output<typeof configSchema>;

type Problem = { path: (string | number)[]; message: string };
type Check = (c: RawConfig) => Problem | Problem[] | undefined;

/** Constraints between keys. Each names the key an operator should change. */
const CHECKS: Check[] = [
  ({ source: s }) => {
    const given = (["clientSecret", "clientSecretFile", "certificate"] as const).filter((k) => s[k] !== undefined);
    const [first, ...others] = given;
    if (first === undefined)
      return { path: ["source"], message: "no credential: set one of clientSecret, clientSecretFile or certificate" };
    return others.map((k) => ({
      path: ["source", k],
      message: `conflicts with source.${first}: set only one credential`,
    }));
  },
  ({ source: s }) =>
    s.resource !== undefined && s.scope !== undefined
      ? {
          path: ["source", "scope"],
          message: "conflicts with source.resource: set resource (v1 token endpoint) or scope (v2), not both",
        }
      : undefined,
  ({ source: s }) =>
    s.maxWindow <= s.overlap
      ? {
          path: ["source", "maxWindow"],
          message: `must be longer than source.overlap (${formatDuration(s.overlap)}), or catch-up windows never move past the checkpoint`,
        }
      : undefined,
  ({ health: h }) => {
    const listen = parseListen(h.listen);
    if (listen === undefined) return undefined;
    if (listen.port > 65_535)
      return { path: ["health", "listen"], message: `expected a port from 1 to 65535, got ${listen.port}` };
    return isLoopback(listen.host) || h.allowRemote
      ? undefined
      : {
          path: ["health", "listen"],
          message: `${listen.host} is beyond loopback: set health.allowRemote: true to expose health and metrics`,
        };
  },
];

function crossChecks(config: RawConfig, ctx: z.RefinementCtx): void {
  for (const check of CHECKS) {
    const found = check(config);
    for (const problem of Array.isArray(found) ? found : found ? [found] : [])
      ctx.addIssue({ code: "custom", ...problem });
  }
}

export function parseListen(listen: string): { host: string; port: number } | undefined {
  if (listen.toLowerCase() === "off") return undefined;
  const m = LISTEN.exec(listen);
  return { host: (m?.[1] ?? "127.0.0.1").replace(/^\[|\]$/g, ""), port: Number(m?.[2]) };
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
