/**
 * The configuration `init` writes: short, commented, for one API, one SIEM and one transport. Pure: the choices in,
 * the YAML text and what is left to fill in out. What each SIEM accepts is documented in docs/arcsight.md and
 * docs/qradar.md, with the vendors' pages.
 */
import { sourceNamed } from "../sources/registry.js";

export const SIEMS = ["arcsight", "qradar", "other"] as const;
export type Siem = (typeof SIEMS)[number];
export const INIT_TRANSPORTS = ["udp", "tcp", "tls", "relp"] as const;
export type InitTransport = (typeof INIT_TRANSPORTS)[number];

interface SiemProfile {
  /** The receiver, as the comments name it. */
  receiver: string;
  format: "cef" | "leef";
  /** A host name that says what to put there. */
  placeholderHost: string;
  guide?: string;
  /** The largest message the receiver takes by default, per transport; absent: the forwarder's default (8192). */
  maxBytes?: Record<InitTransport, { bytes: number; why: string[] }>;
  /** Its TLS listener reads one event per line, not RFC 5425 octet counting. */
  tlsLineFraming: boolean;
  /** Where its guide shows the rsyslog relay that takes RELP for it (the SIEM itself does not speak RELP). */
  relayGuide?: string;
}

const QRADAR_SIZE = {
  bytes: 4096,
  why: [
    "QRadar keeps a syslog event only up to the payload lengths of Admin > System Settings (advanced): read",
    "yours. 4096 is docs/qradar.md's recommendation; longer events are shortened here, never cut by QRadar.",
  ],
};

const PROFILES: Record<Siem, SiemProfile> = {
  arcsight: {
    receiver: "the ArcSight SmartConnector (Syslog Daemon)",
    format: "cef",
    placeholderHost: "smartconnector.example.com",
    guide: "docs/arcsight.md",
    tlsLineFraming: true,
    relayGuide: 'docs/arcsight.md, "An rsyslog relay with RELP"',
  },
  qradar: {
    receiver: "the QRadar Event Collector",
    format: "leef",
    placeholderHost: "qradar-ec.example.com",
    guide: "docs/qradar.md",
    relayGuide: 'docs/qradar.md, "An rsyslog relay with RELP"',
    maxBytes: { udp: QRADAR_SIZE, tcp: QRADAR_SIZE, tls: QRADAR_SIZE, relp: QRADAR_SIZE },
    tlsLineFraming: true,
  },
  other: {
    receiver: "the syslog receiver",
    format: "cef",
    placeholderHost: "siem.example.com",
    tlsLineFraming: false,
  },
};

export interface InitChoices {
  api: string;
  siem: Siem;
  transport: InitTransport;
  tenant?: string;
  client?: string;
  host?: string;
  port?: number;
  region?: string;
  /** The client secret's file; default the systemd credential of the packaged unit. */
  secretFile?: string;
  /** The CA that signed the receiver's certificate (tls). */
  ca?: string;
  /** The command line that made it, and the file it goes to, for the header. */
  commandLine: string;
  file: string;
}

/** The RELP receiver: an rsyslog relay with imrelp, in front of the SIEM. */
const RELAY_HOST = "relay.example.com";
const RELP_PORT = 20514;

export const CREDENTIAL_SECRET_FILE = "${CREDENTIALS_DIRECTORY}/client-secret";
const PLACEHOLDER_GUID = "00000000-0000-0000-0000-000000000000";

/** A YAML scalar: plain when it is safe so, else double-quoted (JSON's quoting is YAML's). */
export function scalar(value: string): string {
  return /^[A-Za-z0-9_${}/.@~+-][A-Za-z0-9_${}/.@~+:-]*$/.test(value) && !value.endsWith(":")
    ? value
    : JSON.stringify(value);
}

export interface InitResult {
  text: string;
  mapping: string;
  /** Keys still holding a placeholder, each with the flag that sets it. */
  toFill: string[];
}

export function initConfig(c: InitChoices): InitResult {
  const profile = PROFILES[c.siem];
  const mapping = `builtin:${c.api}-${profile.format}`;
  const toFill: string[] = [];
  const fill = (value: string | undefined, placeholder: string, key: string, flag: string) => {
    if (value !== undefined) return scalar(value);
    toFill.push(`${key} (${flag})`);
    return `${placeholder} # fill in (${flag})`;
  };
  const port = c.port ?? { udp: 514, tcp: 514, tls: 6514, relp: RELP_PORT }[c.transport];
  const secretFile = c.secretFile ?? CREDENTIAL_SECRET_FILE;
  const checkPrefix = secretFile.includes("${CREDENTIALS_DIRECTORY}")
    ? "CREDENTIALS_DIRECTORY=/etc/mde-forwarder "
    : "";
  const siemName = c.siem === "other" ? "a syslog receiver" : c.siem === "qradar" ? "QRadar" : "ArcSight";

  const lines = [
    `# mde-forwarder: Defender alerts of the ${c.api} API to ${siemName}, ${profile.format.toUpperCase()} over syslog ${c.transport}.`,
    `# Written by: ${c.commandLine}`,
    `# Check it:   ${checkPrefix}mde-forwarder check -c ${c.file} --online --test-event`,
    "# Every key with its default: config.example.yaml and docs/configuration.md." +
      (profile.guide ? ` The receiving side: ${profile.guide}.` : ""),
    "",
    "source:",
    `  api: ${c.api}`,
    ...comment(`${accessSentence(sourceNamed(c.api).access)}.`, "  "),
    `  tenantId: ${fill(c.tenant, PLACEHOLDER_GUID, "source.tenantId", "--tenant")}`,
    `  clientId: ${fill(c.client, PLACEHOLDER_GUID, "source.clientId", "--client")}`,
    ...secretLines(secretFile),
    ...(c.region !== undefined ? [`  region: ${scalar(c.region)}`] : []),
    "",
    ...(c.siem === "qradar"
      ? ["# LEEF, which QRadar's Universal LEEF DSM parses."]
      : c.siem === "arcsight"
        ? ["# CEF, which the SmartConnector parses with no FlexConnector."]
        : ["# CEF (builtin:" + `${c.api}-leef for LEEF); write your own with docs/mapping.md.`]),
    `mapping: ${mapping}`,
    "",
    "output:",
    `  transport: ${c.transport}`,
    ...(c.transport === "relp" ? relpLines(profile) : []),
    `  host: ${fill(c.host, c.transport === "relp" ? RELAY_HOST : profile.placeholderHost, "output.host", "--host")}`,
    `  port: ${port}`,
    ...(c.transport === "relp" ? RELP_TUNING : []),
    ...(c.transport === "udp"
      ? ["  # UDP is best effort: nothing tells the sender a datagram was lost. tcp or tls do."]
      : []),
    ...(c.transport === "tls" && profile.tlsLineFraming
      ? ["  # One event per line: what its TLS listener reads (not RFC 5425's octet counting).", "  framing: lf"]
      : []),
    ...maxBytesLines(profile, c.transport),
    ...(c.transport === "tls" ? tlsLines(c.ca, profile.receiver) : []),
    ...(c.transport === "relp" ? relpTlsLines(c.ca) : []),
    "",
  ];
  return { text: lines.join("\n"), mapping, toFill };
}

const COLUMNS = 118;

/** A comment of several words, as lines of at most COLUMNS. */
function comment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = `${indent}#`;
  for (const word of text.split(" ")) {
    if (line.length + 1 + word.length > COLUMNS && line.length > indent.length + 1) {
      lines.push(line);
      line = `${indent}#`;
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** What the application needs: a permission, or (SIEM API) to be one particular application. */
function accessSentence(access: string): string {
  const particular = /^the application (?!permission)/;
  return particular.test(access)
    ? `The application must be ${access.replace(particular, "the one ")}`
    : `The application needs ${access}`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function secretLines(secretFile: string): string[] {
  const lines = ["  # The client secret never goes in this file."];
  if (secretFile === CREDENTIAL_SECRET_FILE)
    lines.push(
      "  # The packaged unit's LoadCredential=client-secret:/etc/mde-forwarder/client-secret hands it over here;",
      "  # by hand, run with CREDENTIALS_DIRECTORY=/etc/mde-forwarder.",
    );
  else lines.push("  # Keep its file mode 0600; a trailing newline is trimmed.");
  lines.push(`  clientSecretFile: ${scalar(secretFile)}`);
  return lines;
}

function maxBytesLines(profile: SiemProfile, transport: InitTransport): string[] {
  const limit = profile.maxBytes?.[transport];
  if (!limit) return [];
  return [...limit.why.map((line) => `  # ${line}`), `  maxMessageBytes: ${limit.bytes}`];
}

function relpLines(profile: SiemProfile): string[] {
  return profile.relayGuide
    ? [
        ...comment(
          `${capitalized(profile.receiver)} does not speak RELP: an rsyslog relay (imrelp) acknowledges each event ` +
            `and forwards it over TCP. Its configuration: ${profile.relayGuide}.`,
          "  ",
        ),
      ]
    : ["  # The RELP receiver: rsyslog's imrelp (package rsyslog-relp), which acknowledges each event."];
}

const RELP_TUNING = [
  "  # window: 128       # events sent and not yet acknowledged at most: the most a reset can repeat",
  "  # ackTimeout: PT30S # an event unacknowledged this long ends the session; the unacknowledged are sent again",
];

/** RELP over TLS only when a CA is given (rsyslog's imrelp tls="on"); absent, plain RELP. */
function relpTlsLines(ca: string | undefined): string[] {
  const why = "  # TLS, for imrelp's tls=\"on\": the CA that signed the relay's certificate. Absent: plain RELP.";
  if (ca !== undefined) return [why, "  tls:", `    ca: ${scalar(ca)}`];
  return [
    why,
    "  # tls:",
    "  #   ca: /etc/mde-forwarder/relay-ca.pem",
    "  #   serverName: the name in its certificate",
  ];
}

function tlsLines(ca: string | undefined, receiver: string): string[] {
  const why = `  # The CA that signed the certificate ${receiver} presents; absent: the system's trusted CAs.`;
  if (ca !== undefined) return ["  tls:", why, `    ca: ${scalar(ca)}`];
  return [why, "  # tls:", "  #   ca: /etc/mde-forwarder/siem-ca.pem", "  #   serverName: the name in its certificate"];
}
