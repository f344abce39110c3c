/**
 * Keys of `source` every API shares (who the forwarder is, how it reaches the API, how it cuts time into windows),
 * and the value types the APIs' own `query` filters are built from. A source's options spread `sourceKeys`.
 */
import * as z from "zod";
import { duration, httpUrl, intIn, secretFile, text } from "../config/values.js";

export const CLOUDS = ["commercial", "gcc", "gcc-high", "dod"] as const;
export type Cloud = (typeof CLOUDS)[number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

const certificate = z.strictObject({
  certFile: text("the path of a PEM certificate"),
  keyFile: secretFile(text("the path of a PEM private key"), "the certificate's private key"),
  /** `x5t#S256` with PS256 (current), or `x5t` with RS256 (the older form Entra still accepts). */
  thumbprint: z.enum(["x5t#S256", "x5t"]).default("x5t#S256"),
});

export const sourceKeys = {
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
  url: httpUrl().optional().describe("API base URL override (a proxy, the simulator)."),
  tokenUrl: httpUrl().optional().describe("Token endpoint override."),
  resource: httpUrl().optional().describe("Token audience for the v1 token endpoint; default per API."),
  scope: text("an OAuth scope such as https://graph.microsoft.com/.default")
    .optional()
    .describe("Token scope for the v2 token endpoint; default per API."),
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
};

/** A filter value: a non-empty string. */
export const filterValue = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty value` });

/** One value or a list of them: a lone YAML scalar (or a `${VAR}`) is a list of one. */
export const filterList = (what: string, value: z.ZodType<string, string> = filterValue(what)) =>
  z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(value, { error: `expected a list of ${what}s` }));

export const filterFlag = z.preprocess(
  (v) => ({ true: true, false: false })[String(v)] ?? v,
  z.boolean({ error: "expected true or false" }),
);

/** A value of a known list in its listed spelling, whatever the case written (`inprogress` → `InProgress`). */
export const spelled = (values: readonly string[], value: string) =>
  values.find((v) => v.toLowerCase() === value.toLowerCase());

/** A filter value given in Microsoft's spelling; one the list does not know is sent as written. */
export const knownValue = (what: string, values: readonly string[]) =>
  filterValue(what).transform((v) => spelled(values, v) ?? v);

/** A filter value of a closed list, in the list's spelling; any other is an error naming the list. */
export const listedValue = (what: string, values: readonly string[], where: string) =>
  filterValue(what).transform((v, ctx) => {
    const known = spelled(values, v);
    if (known !== undefined) return known;
    ctx.addIssue({ code: "custom", input: v, message: `expected one of ${values.join(", ")} ${where}, got "${v}"` });
    return z.NEVER;
  });

/** The APIs that return alerts with evidence can send one message per evidence item instead. */
export const messagePer = z
  .enum(["alert", "evidence"])
  .default("alert")
  .describe("One message per alert (its evidence inside it), or one per evidence item.");
