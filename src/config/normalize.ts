/** Defaults that depend on other keys, and paths made absolute: pure, so it is tested without files. */
import { isAbsolute, resolve } from "node:path";
import type { Config, OutputConfig, SourceConfig } from "./config.js";
import type { Secret } from "./secret.js";
import { proxySettings } from "./proxy.js";
import { normalizeQuery } from "./query.js";
import { FACILITIES, SYSLOG_SEVERITIES, parseListen, type RawConfig } from "./schema.js";

export interface NormalizeContext {
  file: string;
  /** Relative paths in the file are relative to the file's own directory. */
  configDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  hostname: string;
  /** From source.proxyCredentialsFile, read by the loader. */
  proxyCredentials?: Secret;
}

const DEFAULT_PORTS = { udp: 514, tcp: 514, tls: 6514 } as const;

export function normalize(
  raw: RawConfig,
  credential: SourceConfig["credential"],
  ctx: NormalizeContext,
): Omit<Config, "warnings"> {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(ctx.configDir, p));
  const {
    clientSecret: _s,
    clientSecretFile: _f,
    certificate: _c,
    proxy,
    proxyCredentialsFile: _p,
    noProxy,
    query,
    ...source
  } = raw.source;
  const o = raw.output;
  const network = o.transport === "udp" || o.transport === "tcp" || o.transport === "tls";
  const output: OutputConfig = {
    ...o,
    facility: typeof o.facility === "number" ? o.facility : FACILITIES.indexOf(o.facility),
    severity:
      typeof o.severity === "number" || o.severity === "event" ? o.severity : SYSLOG_SEVERITIES.indexOf(o.severity),
    hostname: o.hostname ?? ctx.hostname,
    port: network ? (o.port ?? DEFAULT_PORTS[o.transport as keyof typeof DEFAULT_PORTS]) : undefined,
    framing:
      o.transport === "tcp" ? (o.framing ?? "lf") : o.transport === "tls" ? (o.framing ?? "octet-counting") : undefined,
    path: o.path === undefined ? undefined : path(o.path),
    tls:
      o.transport === "tls"
        ? {
            ...o.tls,
            rejectUnauthorized: o.tls?.rejectUnauthorized ?? true,
            ca: o.tls?.ca && path(o.tls.ca),
            cert: o.tls?.cert && path(o.tls.cert),
            key: o.tls?.key && path(o.tls.key),
          }
        : undefined,
  };
  const mapping = raw.mapping ?? `builtin:${raw.source.api}-cef`;
  return {
    file: ctx.file,
    source: {
      ...source,
      credential,
      query: normalizeQuery(raw.source.api, query),
      messagePer: source.messagePer ?? "alert",
      proxy: proxySettings({ proxy, noProxy }, ctx.env, ctx.proxyCredentials),
    },
    schedule: raw.schedule,
    mapping: mapping.startsWith("builtin:") ? mapping : path(mapping),
    output,
    state: {
      dir: raw.state.dir ? path(raw.state.dir) : resolve(ctx.cwd, ctx.env.STATE_DIRECTORY?.split(":")[0] || "state"),
    },
    health: { listen: parseListen(raw.health.listen), allowRemote: raw.health.allowRemote },
    log: raw.log,
  };
}
