/**
 * The configuration file's schema: every key, its default and its bounds. `output` is composed from the transports'
 * own options (transports/registry.ts). Constraints between keys live in `crossChecks` and in each component's
 * options, so each error still points at the key to change.
 */
import { validate as isCronExpression } from "node-cron";
import * as z from "zod";
import { TRANSPORTS } from "../transports/registry.js";
import { unionOn } from "./components.js";
import { formatDuration } from "./duration.js";
import { queryProblems, querySchema } from "./query.js";
import { bool, duration, httpUrl, intIn, secretFile, section, text } from "./values.js";

export const APIS = ["siem", "alerts", "graph"] as const;
export const CLOUDS = ["commercial", "gcc", "gcc-high", "dod"] as const;
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

const certificate = z.strictObject({
  certFile: text("the path of a PEM certificate"),
  keyFile: secretFile(text("the path of a PEM private key"), "the certificate's private key"),
  /** `x5t#S256` with PS256 (current), or `x5t` with RS256 (the older form Entra still accepts). */
  thumbprint: z.enum(["x5t#S256", "x5t"]).default("x5t#S256"),
});

const source = z.strictObject({
  api: z
    .enum(APIS)
    .describe(
      "Which Defender API to read: siem (SIEM REST API), alerts (the MDE Alerts API) or graph (Graph alerts_v2).",
    ),
  tenantId: z.string().refine((t) => GUID.test(t) || TENANT_DOMAIN.test(t), {
    error: "expected a tenant ID (a GUID) or a tenant domain such as contoso.onmicrosoft.com",
  }),
  clientId: z
    .string()
    .regex(GUID, { error: "expected an application (client) ID, a GUID" })
    .describe("The application (client) ID of the app registration."),
  clientSecret: text("the client secret")
    .optional()
    .describe("Exactly one credential: the client secret (from ${VAR}, never written in the file)."),
  clientSecretFile: secretFile(
    text("the path of a file holding the client secret")
      .optional()
      .describe("… or a file holding it (trailing newline trimmed; systemd credentials work)."),
    "the client secret",
  ),
  certificate: certificate.optional().describe("… or a certificate: a JWT client assertion, no secret."),
  cloud: z.enum(CLOUDS).default("commercial").describe("Selects the login, API and Graph hosts."),
  region: z
    .string()
    .optional()
    .describe("siem: eu, us or uk (government clouds: us); alerts: optional geo host; graph: none."),
  url: httpUrl().optional().describe("API base URL override (a proxy, the simulator)."),
  tokenUrl: httpUrl().optional().describe("Token endpoint override."),
  resource: httpUrl().optional().describe("Token audience for the v1 token endpoint; default per API."),
  scope: text("an OAuth scope such as https://graph.microsoft.com/.default")
    .optional()
    .describe("Token scope for the v2 token endpoint; default per API."),
  query: section(querySchema.optional()).describe("Filters, each API its own; a key of another API is an error."),
  messagePer: z
    .enum(["alert", "evidence"])
    .optional()
    .describe("alerts and graph: one message per alert (default), or one per evidence item."),
  pageSize: intIn(1, 10_000)
    .optional()
    .describe("alerts and graph: alerts per page ($top); default alerts 10000 (its documented maximum), graph none."),
  lookback: duration("PT1M", "P180D").prefault("PT2H").describe("First run: start this far back."),
  overlap: duration("PT0S", "P1D")
    .prefault("PT10M")
    .describe("Each poll re-queries this much before the checkpoint; repeats are not sent twice."),
  maxWindow: duration("PT1M", "P7D")
    .prefault("PT1H")
    .describe("Catch-up windows are at most this long; longer than overlap."),
  requestTimeout: duration("PT1S", "PT30M")
    .prefault("PT2M")
    .describe("Give up on one API request after this long (then retried with backoff)."),
  requestsPerMinute: intIn(1, 10_000)
    .optional()
    .describe("Client-side rate limit; default the API's documented limit."),
  requestsPerHour: intIn(1, 100_000)
    .optional()
    .describe("Client-side hourly rate limit; default the API's documented limit."),
  connectTimeout: duration("PT1S", "PT5M")
    .prefault("PT10S")
    .describe("Give up connecting to the API or the token endpoint after this long."),
  maxRetries: intIn(0, 20)
    .default(5)
    .describe("Retries of one request after a 5xx, a 429, a network error or a timeout."),
  maxRetryWait: duration("PT1S", "PT1H").prefault("PT5M").describe("The longest wait a 429's Retry-After may ask for."),
  splitAbove: intIn(100, 1_000_000)
    .default(10_000)
    .describe("A response holding more records than this shortens the following windows."),
  proxy: httpUrl().optional(),
  proxyCredentialsFile: secretFile(
    text("the path of a file holding the proxy's user:password").optional(),
    "the proxy's password",
  ),
  noProxy: z
    .preprocess(
      (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
      z.array(text("a host name, a domain, an IP address or *"), {
        error: "expected a list of host names, domains or IP addresses (or one comma-separated line)",
      }),
    )
    .optional(),
  maxRecordBytes: intIn(64 * 1024, 512 * 1024 * 1024).default(4 * 1024 * 1024),
  maxPages: intIn(1, 1_000_000).default(1000),
  cycleDeadline: duration("PT1M", "P1D").prefault("PT1H"),
});

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

export const configSchema = z
  .strictObject({
    source,
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

const SIEM_REGIONS: Record<(typeof CLOUDS)[number], string[]> = {
  commercial: ["eu", "us", "uk"],
  gcc: ["us"],
  "gcc-high": ["us"],
  dod: ["us"],
};
const ALERTS_GEOS = ["us", "eu", "uk", "au", "swa", "ina", "aea"];

type Problem = { path: (string | number)[]; message: string };
type Check = (c: RawConfig) => Problem | Problem[] | undefined;

/** Constraints between keys. Each names the key an operator should change. */
const CHECKS: Check[] = [
  ({ source: s }) => {
    const given = (["clientSecret", "clientSecretFile", "certificate"] as const).filter((k) => s[k] !== undefined);
    if (given.length === 1) return undefined;
    if (given.length === 0)
      return { path: ["source"], message: "no credential: set one of clientSecret, clientSecretFile or certificate" };
    return { path: ["source", given[1]!], message: `conflicts with source.${given[0]}: set only one credential` };
  },
  ({ source: s }) =>
    s.resource !== undefined && s.scope !== undefined
      ? {
          path: ["source", "scope"],
          message: "conflicts with source.resource: set resource (v1 token endpoint) or scope (v2), not both",
        }
      : undefined,
  ({ source: s }) => {
    if (s.region === undefined) return undefined;
    if (s.api === "graph") return { path: ["source", "region"], message: "Graph has no regional hosts: remove region" };
    const allowed = s.api === "siem" ? SIEM_REGIONS[s.cloud] : s.cloud === "commercial" ? ALERTS_GEOS : [];
    if (allowed.includes(s.region)) return undefined;
    const where = `api ${s.api} in cloud ${s.cloud}`;
    return {
      path: ["source", "region"],
      message: allowed.length
        ? `expected one of ${allowed.join(", ")} for ${where}, got "${s.region}"`
        : `${where} has no regional hosts: remove region`,
    };
  },
  ({ source: s }) =>
    s.api === "siem" && s.cloud === "commercial" && s.region === undefined && s.url === undefined
      ? {
          path: ["source", "region"],
          message: "missing; the SIEM API needs its region: eu, us or uk (or set source.url)",
        }
      : undefined,
  ({ source: s }) => queryProblems(s.api, s.query),
  ({ source: s }) => {
    if (s.api === "siem") {
      const given = (["messagePer", "pageSize"] as const).find((k) => s[k] !== undefined);
      return (
        given && {
          path: ["source", given],
          message: `only for api alerts or graph, not siem (SIEM API responses are not paged, one record per indicator)`,
        }
      );
    }
    if (s.messagePer === "evidence" && s.query?.expandEvidence === false)
      return {
        path: ["source", "messagePer"],
        message: "evidence needs the evidence: remove source.query.expandEvidence: false",
      };
    return undefined;
  },
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
