/** `init`: writes a short commented configuration for one API, SIEM and transport, which `check` accepts. */
import { open } from "node:fs/promises";
import { ExitCode, UsageError } from "../errors.js";
import { builtinMappings } from "../mapping/load.js";
import { sourceKeys } from "../sources/options.js";
import { SOURCE_NAMES, sourceNamed } from "../sources/registry.js";
import type { Command, Values } from "./command.js";
import { CREDENTIAL_SECRET_FILE, initConfig, INIT_TRANSPORTS, SIEMS, type InitChoices } from "./init-template.js";

const DEFAULT_FILE = "config.yaml";

function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[], fallback: T): T {
  const value = values[name] ?? fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value))
    throw new UsageError(`init: --${name} expects ${allowed.join(", ")}, got "${String(value)}"`);
  return value as T;
}

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  if (value === "") throw new UsageError(`init: --${name} is empty`);
  return typeof value === "string" ? value : undefined;
}

/** A value the configuration schema checks, checked here too, so that `init` never writes what `check` refuses. */
function checked(values: Values, name: string, schema: (typeof sourceKeys)["tenantId" | "clientId"]) {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`init: --${name}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return value;
}

function port(values: Values): number | undefined {
  const value = text(values, "port");
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535)
    throw new UsageError(`init: --port expects a port number from 1 to 65535, got "${value}"`);
  return n;
}

/** The region, when the API has them: a key the source's own options require (the SIEM API's) must be given. */
function region(values: Values, api: string): string | undefined {
  const given = text(values, "region");
  const { options } = sourceNamed(api);
  if (!("region" in options.shape)) {
    if (given !== undefined) throw new UsageError(`init: --region: the ${api} API has no regions`);
    return undefined;
  }
  const probe = {
    tenantId: "contoso.onmicrosoft.com",
    clientId: "00000000-0000-0000-0000-000000000000",
    region: given,
  };
  const issue = options.safeParse(probe).error?.issues.find((i) => i.path[0] === "region");
  if (issue) throw new UsageError(`init: --region (api ${api}): ${issue.message}`);
  return given;
}

function choices(values: Values, file: string): InitChoices {
  const api = oneOf(values, "api", SOURCE_NAMES, "graph");
  const siem = oneOf(values, "siem", SIEMS, "other");
  const transport = oneOf(values, "transport", INIT_TRANSPORTS, "tcp");
  return {
    api,
    siem,
    transport,
    tenant: checked(values, "tenant", sourceKeys.tenantId),
    client: checked(values, "client", sourceKeys.clientId),
    host: text(values, "host"),
    port: port(values),
    region: region(values, api),
    secretFile: text(values, "secret-file"),
    ca: text(values, "ca"),
    commandLine: `mde-forwarder init --api ${api} --siem ${siem} --transport ${transport}`,
    file,
  };
}

/** Writes a new file, or replaces one only when asked: a configuration someone edited is not lost by accident. */
async function writeNew(file: string, text: string, force: boolean): Promise<void> {
  const handle = await open(file, force ? "w" : "wx", 0o644).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EEXIST")
      throw new UsageError(`init: ${file} exists: choose another file with -o FILE, or replace it with --force`);
    throw new UsageError(`init: cannot write ${file} (${err.code ?? String(err)})`);
  });
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

export const init: Command = {
  name: "init",
  summary: "write a short configuration for your API, SIEM and transport",
  usage:
    "init [--api API] [--siem SIEM] [--transport T] [--tenant ID] [--client ID] [--host HOST] [--port N] " +
    "[--region R] [--secret-file FILE] [--ca FILE] [-o FILE|-] [--force]",
  options: {
    api: {
      type: "string",
      value: "API",
      help: `${SOURCE_NAMES.join(", ")}: the Defender API to read (default graph)`,
      complete: SOURCE_NAMES,
    },
    siem: {
      type: "string",
      value: "SIEM",
      help: "arcsight (CEF), qradar (LEEF, message size within QRadar's defaults) or other (CEF)\n(default other)",
      complete: SIEMS,
    },
    transport: {
      type: "string",
      value: "T",
      help: "udp, tcp, tls, or relp to an rsyslog relay (default tcp)",
      complete: INIT_TRANSPORTS,
    },
    tenant: {
      type: "string",
      value: "ID",
      help: "the Entra ID tenant: its GUID or a domain such as contoso.onmicrosoft.com",
    },
    client: { type: "string", value: "ID", help: "the application (client) ID of the app registration" },
    host: {
      type: "string",
      value: "HOST",
      help: "the SIEM's syslog receiver: the SmartConnector, the Event Collector",
    },
    port: { type: "string", value: "N", help: "its port (default 514, tls 6514, relp 20514)" },
    region: {
      type: "string",
      value: "R",
      help: "the SIEM API's region: eu, us or uk (needed for --api siem); the Alerts API's geo host",
    },
    "secret-file": {
      type: "string",
      value: "FILE",
      help: `the file holding the client secret (default ${CREDENTIAL_SECRET_FILE},\nthe packaged unit's systemd credential)`,
      complete: "file",
    },
    ca: {
      type: "string",
      value: "FILE",
      help:
        "tls: the CA that signed the receiver's certificate (default: the system's trusted CAs);\n" +
        "relp: the same, and RELP over TLS (default plain RELP)",
      complete: "file",
    },
    output: {
      type: "string",
      short: "o",
      value: "FILE",
      help: `where to write it (default ${DEFAULT_FILE}); - for standard output`,
      complete: "file",
    },
    force: { type: "boolean", help: "replace FILE if it exists" },
  },
  notes: [
    "Keys left out keep their defaults (config.example.yaml lists them all). What remains to fill in goes to stderr.",
  ],
  async run(values, _positionals, io) {
    const file = typeof values.output === "string" ? values.output : DEFAULT_FILE;
    const c = choices(values, file === "-" ? DEFAULT_FILE : file);
    const { text: yaml, mapping, toFill } = initConfig(c);
    if (!builtinMappings().includes(mapping.slice("builtin:".length)))
      throw new UsageError(`init: there is no built-in mapping ${mapping} for --api ${c.api} --siem ${c.siem}`);
    if (file === "-") io.stdout.write(yaml);
    else {
      await writeNew(file, yaml, values.force === true);
      io.stderr.write(`wrote ${file}: the ${c.api} API, ${mapping}, syslog ${c.transport}\n`);
    }
    if (toFill.length) io.stderr.write(`still to fill in: ${toFill.join(", ")}\n`);
    return ExitCode.ok;
  },
};
