/**
 * The configuration file's schema: every key of design.md's "Configuration" section, its default and its bounds.
 * Constraints between keys live in `crossChecks`, so each error still points at the key to change.
 */
import { validate as isCronExpression } from "node-cron";
import * as z from "zod";
import { formatDuration, parseDuration } from "./duration.js";
import { queryProblems, querySchema } from "./query.js";

export const APIS = ["siem", "alerts", "graph"] as const;
export const CLOUDS = ["commercial", "gcc", "gcc-high", "dod"] as const;
export const TRANSPORTS = ["udp", "tcp", "tls", "stdout", "file"] as const;
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "security",
  "console",
  "solaris-cron",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
] as const;
/** RFC 5424 severity names, in code order (emerg = 0 … debug = 7). */
export const SYSLOG_SEVERITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** `${VAR}` substitution yields strings; numbers and booleans written that way are still accepted. */
const fromText = (parse: (text: string) => unknown) => (value: unknown) =>
  typeof value === "string" ? parse(value.trim()) : value;
const digits = fromText((t) => (/^\d+$/.test(t) ? Number(t) : t));
const truthy = fromText((t) => ({ true: true, false: false })[t] ?? t);

export const intIn = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.preprocess(digits, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
};
/** `state:` with nothing under it is YAML null: the same as leaving the section out. */
const nullAsAbsent = (value: unknown) => (value === null ? undefined : value);
const section = <T extends z.ZodType>(schema: T) => z.preprocess(nullAsAbsent, schema);

const bool = () => z.preprocess(truthy, z.boolean({ error: "expected true or false" }));
const text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty value` });
const httpUrl = () =>
  text("an http(s) URL").refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
    error: "expected an http(s) URL such as https://example.com",
  });

/** An ISO 8601 duration within bounds, as milliseconds. */
export const duration = (min: string, max: string) => {
  const [lo, hi] = [parseDuration(min) ?? 0, parseDuration(max) ?? Infinity];
  return z.string({ error: "expected an ISO 8601 duration such as PT10M or PT2H" }).transform((t, ctx) => {
    const ms = parseDuration(t);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: "expected an ISO 8601 duration such as PT10M or PT2H", input: t });
      return z.NEVER;
    }
    if (ms < lo || ms > hi) {
      ctx.addIssue({ code: "custom", message: `expected a duration from ${min} to ${max}`, input: t });
      return z.NEVER;
    }
    return ms;
  });
};

const certificate = z.strictObject({
  certFile: text("the path of a PEM certificate"),
  keyFile: text("the path of a PEM private key"),
  /** `x5t#S256` with PS256 (current), or `x5t` with RS256 (the older form Entra still accepts). */
  thumbprint: z.enum(["x5t#S256", "x5t"]).default("x5t#S256"),
});

const source = z.strictObject({
  api: z.enum(APIS),
  tenantId: z.string().refine((t) => GUID.test(t) || TENANT_DOMAIN.test(t), {
    error: "expected a tenant ID (a GUID) or a tenant domain such as contoso.onmicrosoft.com",
  }),
  clientId: z.string().regex(GUID, { error: "expected an application (client) ID, a GUID" }),
  clientSecret: text("the client secret").optional(),
  clientSecretFile: text("the path of a file holding the client secret").optional(),
  certificate: certificate.optional(),
  cloud: z.enum(CLOUDS).default("commercial"),
  region: z.string().optional(),
  url: httpUrl().optional(),
  tokenUrl: httpUrl().optional(),
  resource: httpUrl().optional(),
  scope: text("an OAuth scope such as https://graph.microsoft.com/.default").optional(),
  query: section(querySchema.optional()),
  messagePer: z.enum(["alert", "evidence"]).optional(),
  pageSize: intIn(1, 10_000).optional(),
  lookback: duration("PT1M", "P180D").default(parseDuration("PT2H")!),
  overlap: duration("PT0S", "P1D").default(parseDuration("PT10M")!),
  maxWindow: duration("PT1M", "P7D").default(parseDuration("PT1H")!),
  requestTimeout: duration("PT1S", "PT30M").default(parseDuration("PT2M")!),
  requestsPerMinute: intIn(1, 10_000).optional(),
  requestsPerHour: intIn(1, 100_000).optional(),
  connectTimeout: duration("PT1S", "PT5M").default(parseDuration("PT10S")!),
  maxRetries: intIn(0, 20).default(5),
  maxRetryWait: duration("PT1S", "PT1H").default(parseDuration("PT5M")!),
  splitAbove: intIn(100, 1_000_000).default(10_000),
  proxy: httpUrl().optional(),
  proxyCredentialsFile: text("the path of a file holding the proxy's user:password").optional(),
  noProxy: z
    .preprocess(
      (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
      z.array(text("a host name, a domain, an IP address or *"), {
        error: "expected a list of host names, domains or IP addresses (or one comma-separated line)",
      }),
    )
    .optional(),
});

const tls = z.strictObject({
  ca: text("the path of a PEM CA bundle").optional(),
  cert: text("the path of a PEM client certificate").optional(),
  key: text("the path of a PEM client private key").optional(),
  serverName: text("the server name to verify").optional(),
  rejectUnauthorized: bool().default(true),
});

const facility = z.preprocess(
  digits,
  z.union([z.enum(FACILITIES), z.number().int().min(0).max(23)], {
    error: `expected a facility name (${FACILITIES.slice(16).join(", ")}, user, daemon…) or a number from 0 to 23`,
  }),
);

const SEVERITY_ERROR = `expected event (follow the alert's severity), a severity name (${SYSLOG_SEVERITIES.join(", ")}) or a number from 0 to 7`;
const severity = z.preprocess(
  digits,
  z.union(
    [
      z.literal("event"),
      z.enum(SYSLOG_SEVERITIES),
      z.number().int({ error: SEVERITY_ERROR }).min(0, { error: SEVERITY_ERROR }).max(7, { error: SEVERITY_ERROR }),
    ],
    { error: SEVERITY_ERROR },
  ),
);

const output = z.strictObject({
  transport: z.enum(TRANSPORTS),
  host: text("a host name or IP address").optional(),
  port: intIn(1, 65_535).optional(),
  framing: z.enum(["lf", "octet-counting"]).optional(),
  header: z.enum(["rfc5424", "rfc3164", "none"]).default("rfc5424"),
  facility: facility.default("local0"),
  severity: severity.default("info"),
  appName: z
    .string()
    .regex(/^[!-~]{1,48}$/, { error: "expected 1 to 48 printable ASCII characters without spaces" })
    .default("mde-forwarder"),
  hostname: z
    .string()
    .regex(/^[!-~]{1,255}$/, { error: "expected a host name without spaces" })
    .optional(),
  maxMessageBytes: intIn(480, 1_048_576).default(8192),
  path: text("the path of the output file").optional(),
  tls: section(tls.optional()),
  connectTimeout: duration("PT0.1S", "PT10M").default(parseDuration("PT10S")!),
  writeTimeout: duration("PT0.1S", "PT1H").default(parseDuration("PT30S")!),
  reconnectDelay: duration("PT0.01S", "PT10M").default(parseDuration("PT0.5S")!),
  maxReconnectDelay: duration("PT0.01S", "PT1H").default(parseDuration("PT30S")!),
  retries: intIn(0, 1_000_000).default(8),
  queueMessages: intIn(1, 10_000_000).default(10_000),
  queueBytes: intIn(65_536, 1_073_741_824).default(16_777_216),
  resendBytes: intIn(0, 1_073_741_824).default(8_388_608),
});

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
    if (s.api === "graph" && s.pageSize !== undefined && s.pageSize > 1000)
      return {
        path: ["source", "pageSize"],
        message: `expected at most 1000 for api graph (Graph pages hold at most 1000 alerts), got ${s.pageSize}`,
      };
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
  ({ output: o }) => {
    const network = ["udp", "tcp", "tls"].includes(o.transport);
    if (network && o.host === undefined)
      return { path: ["output", "host"], message: `missing; transport ${o.transport} needs the receiver's host` };
    if (!network && o.host !== undefined)
      return { path: ["output", "host"], message: `not used by transport ${o.transport}: remove it` };
    if (!network && o.port !== undefined)
      return { path: ["output", "port"], message: `not used by transport ${o.transport}: remove it` };
    return undefined;
  },
  ({ output: o }) => {
    if (o.transport === "file" && o.path === undefined)
      return { path: ["output", "path"], message: "missing; transport file needs a path" };
    if (o.transport !== "file" && o.path !== undefined)
      return { path: ["output", "path"], message: `only for transport file, not ${o.transport}` };
    return undefined;
  },
  ({ output: o }) =>
    o.framing !== undefined && o.transport !== "tcp" && o.transport !== "tls"
      ? { path: ["output", "framing"], message: `only for transport tcp or tls, not ${o.transport}` }
      : undefined,
  ({ output: o }) => {
    if (o.tls === undefined) return undefined;
    if (o.transport !== "tls")
      return { path: ["output", "tls"], message: `only for transport tls, not ${o.transport}` };
    if ((o.tls.cert === undefined) !== (o.tls.key === undefined))
      return {
        path: ["output", "tls", o.tls.cert === undefined ? "cert" : "key"],
        message: "a client certificate needs both tls.cert and tls.key",
      };
    return undefined;
  },
  ({ output: o }) =>
    o.transport === "udp" && o.maxMessageBytes > 65_507
      ? {
          path: ["output", "maxMessageBytes"],
          message: `expected at most 65507 for udp (the largest IPv4 datagram), got ${o.maxMessageBytes}`,
        }
      : undefined,
  ({ output: o }) =>
    o.maxReconnectDelay < o.reconnectDelay
      ? {
          path: ["output", "maxReconnectDelay"],
          message: `must be at least output.reconnectDelay (${formatDuration(o.reconnectDelay)})`,
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
