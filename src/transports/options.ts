/**
 * Keys of `output` that several transports share: how each message's syslog header is written (every transport),
 * where the receiver is (network transports) and how a connection is kept (tcp, tls, relp). A transport's options
 * spread the groups it uses.
 */
import * as z from "zod";
import type { OptionsOf } from "./component.js";
import { required } from "../config/components.js";
import { bool, caution, digits, duration, intIn, localPath, secretFile, text } from "../config/values.js";
import { formatDuration } from "../config/duration.js";

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

const facility = z
  .preprocess(
    digits,
    z.union([z.enum(FACILITIES), z.number().int().min(0).max(23)], {
      error: `expected a facility name (${FACILITIES.slice(16).join(", ")}, user, daemon…) or a number from 0 to 23`,
    }),
  )
  .transform((f) => (typeof f === "number" ? f : FACILITIES.indexOf(f)));

const SEVERITY_ERROR = `expected event (follow the alert's severity), a severity name (${SYSLOG_SEVERITIES.join(", ")}) or a number from 0 to 7`;
const severity = z
  .preprocess(
    digits,
    z.union(
      [
        z.literal("event"),
        z.enum(SYSLOG_SEVERITIES),
        z.number().int({ error: SEVERITY_ERROR }).min(0, { error: SEVERITY_ERROR }).max(7, { error: SEVERITY_ERROR }),
      ],
      { error: SEVERITY_ERROR },
    ),
  )
  .transform((s) => (typeof s === "number" || s === "event" ? s : SYSLOG_SEVERITIES.indexOf(s)));

/** How each message's syslog header is written, and the size the whole message must fit. */
export const syslogKeys = {
  header: z
    .enum(["rfc5424", "rfc3164", "none"])
    .default("rfc5424")
    .describe("The syslog header: rfc5424, rfc3164, or none (the bare CEF/LEEF line)."),
  facility: facility
    .prefault("local0")
    .describe("Syslog facility: a name (local0…local7, user, daemon, …) or a number from 0 to 23."),
  severity: severity
    .prefault("info")
    .describe(
      "Syslog severity: a name (emerg … debug), a number from 0 to 7, or event: follow the alert's severity " +
        "(CEF 0-3 notice, 4-6 warning, 7-8 err, 9-10 crit; info when it has none).",
    ),
  appName: z
    .string()
    .regex(/^[!-~]{1,48}$/, { error: "expected 1 to 48 printable ASCII characters without spaces" })
    .default("mde-forwarder")
    .describe("APP-NAME of the syslog header."),
  hostname: z
    .string()
    .regex(/^[!-~]{1,255}$/, { error: "expected a host name without spaces" })
    .optional()
    .describe("HOSTNAME of the syslog header. Default: this machine's name."),
  maxMessageBytes: intIn(480, 1_048_576)
    .default(8192)
    .describe(
      "The largest whole syslog message (header included, framing excluded) the receiver accepts; long fields are " +
        "shortened to fit. rsyslog's default is 8192.",
    ),
};

/** Where the receiver is; `port` defaults to the transport's well-known port. */
export const receiverKeys = (defaultPort: number) => ({
  host: required(
    text("a host name or IP address").describe("The receiver's host name or IP address."),
    "needs the receiver's host",
  ),
  port: intIn(1, 65_535).default(defaultPort).describe("The receiver's port."),
});

export const FRAMINGS = ["lf", "octet-counting"] as const;
export type Framing = (typeof FRAMINGS)[number];

/** How the forwarder reconnects, and how long deliveries wait through failed attempts (tcp, tls, relp). */
export const reconnectKeys = {
  reconnectDelay: duration("PT0.01S", "PT10M")
    .prefault("PT0.5S")
    .describe("The first wait between connection attempts (exponential backoff with jitter)."),
  maxReconnectDelay: duration("PT0.01S", "PT1H")
    .prefault("PT30S")
    .describe("The longest wait between connection attempts; at least reconnectDelay."),
  retries: intIn(0, 1_000_000)
    .default(8)
    .describe("Failed connection attempts a delivery waits through before the poll cycle counts it as failed."),
};

/** The bounded in-memory queue in front of a connection (tcp, tls, relp). */
export const queueKeys = {
  queueMessages: intIn(1, 10_000_000)
    .default(10_000)
    .describe("The in-memory queue holds at most this many messages; when full, the forwarder waits."),
  queueBytes: intIn(65_536, 1_073_741_824).default(16_777_216).describe("… and at most this many bytes."),
};

/** How a stream connection is made, kept, and how much is held for it. */
export const streamKeys = (defaultFraming: Framing) => ({
  framing: z
    .enum(FRAMINGS)
    .default(defaultFraming)
    .describe('lf (a newline after each message) or octet-counting (RFC 6587 "LEN MSG").'),
  connectTimeout: duration("PT0.1S", "PT10M")
    .prefault("PT10S")
    .describe("A connection (TLS handshake included) must be up within this."),
  writeTimeout: duration("PT0.1S", "PT1H")
    .prefault("PT30S")
    .describe(
      "A write the receiver does not take within this means the connection is dead: it is reopened and the " +
        "recent messages written again.",
    ),
  ...reconnectKeys,
  ...queueKeys,
  resendBytes: intIn(0, 1_073_741_824)
    .default(8_388_608)
    .describe(
      "The last bytes written that are written again after a connection loss (plain TCP has no acknowledgement): " +
        "a receiver restart causes duplicates rather than loss.",
    ),
});

/** Certificates and verification of a TLS connection to the receiver (transports tls and relp). */
export const tlsKeys = z
  .strictObject({
    ca: localPath(
      "the path of a PEM CA bundle",
      "read",
      "The CA bundle that signed the receiver's certificate. Default: the system's trusted CAs.",
    ).optional(),
    cert: localPath(
      "the path of a PEM client certificate",
      "read",
      "Mutual TLS: the client certificate (with key).",
    ).optional(),
    key: secretFile(
      localPath("the path of a PEM client private key", "read", "Mutual TLS: its private key."),
      "the TLS client's private key",
    ).optional(),
    serverName: text("the server name to verify")
      .optional()
      .describe("The name to verify in the receiver's certificate, if it differs from host."),
    rejectUnauthorized: caution(
      bool().default(true).describe("Certificate verification; on unless switched off here."),
      (verify) => !verify,
      "certificate verification is off: anyone on the path to the receiver can pose as it and read every alert; " +
        "give the CA that signed its certificate as tls.ca instead",
    ),
  })
  .superRefine((t, ctx) => {
    if ((t.cert === undefined) !== (t.key === undefined))
      ctx.addIssue({
        code: "custom",
        path: [t.cert === undefined ? "cert" : "key"],
        message: "a client certificate needs both tls.cert and tls.key",
      });
  });

export type TlsConfig = z.output<typeof tlsKeys>;

/** A reconnect policy whose longest wait is shorter than its first is a mistake. */
export function checkReconnectDelays(
  o: { reconnectDelay: number; maxReconnectDelay: number },
  ctx: z.RefinementCtx,
): void {
  if (o.maxReconnectDelay < o.reconnectDelay)
    ctx.addIssue({
      code: "custom",
      path: ["maxReconnectDelay"],
      message: `must be at least output.reconnectDelay (${formatDuration(o.reconnectDelay)})`,
    });
}

/** What every transport reads of its options: its name and the syslog header's keys. */
export type BaseOutput = OptionsOf<z.ZodObject<typeof syslogKeys>>;

/** What a stream transport (TCP, TLS) reads of its options. */
export type StreamOutput = OptionsOf<
  z.ZodObject<ReturnType<typeof receiverKeys> & ReturnType<typeof streamKeys> & typeof syslogKeys>
>;
