/**
 * What the schema cannot know: the machine's name, the environment's state directory, the default mapping of the
 * configured API, and paths made absolute. Pure, so it is tested without files.
 */
import { isAbsolute, resolve } from "node:path";
import type { Config, Credential } from "./config.js";
import { proxySettings } from "./proxy.js";
import type { Secret } from "./secret.js";
import { configSchema, parseListen, type RawConfig } from "./schema.js";
import { localPathsIn } from "./zod-shape.js";

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

export function normalize(
  raw: RawConfig,
  credential: Credential,
  ctx: NormalizeContext,
): Omit<Config, "warnings" | "tenants" | "multiTenant"> {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(ctx.configDir, p));
  const {
    clientSecret: _s,
    clientSecretFile: _f,
    certificate: _c,
    proxy,
    proxyCredentialsFile: _p,
    noProxy,
    ...source
  } = raw.source;
  const absolute = withAbsolutePaths(raw, path);
  const output = { ...absolute.output, hostname: raw.output.hostname ?? ctx.hostname };
  const mapping = raw.mapping ?? `builtin:${raw.source.api}-cef`;
  return {
    file: ctx.file,
    source: {
      ...source,
      credential,
      proxy: proxySettings({ proxy, noProxy }, ctx.env, ctx.proxyCredentials),
    },
    schedule: raw.schedule,
    concurrency: raw.concurrency,
    mapping: mapping.startsWith("builtin:") ? mapping : path(mapping),
    output,
    state: {
      dir: raw.state.dir ? path(raw.state.dir) : resolve(ctx.cwd, ctx.env.STATE_DIRECTORY?.split(":")[0] || "state"),
    },
    health: { listen: parseListen(raw.health.listen), allowRemote: raw.health.allowRemote },
    log: raw.log,
  };
}

/** A copy of the configuration with every local path key (config/values.ts) made absolute. */
function withAbsolutePaths(raw: RawConfig, absolute: (p: string) => string): RawConfig {
  const copy = structuredClone(raw);
  for (const { at, path } of localPathsIn(configSchema, raw)) {
    const parent = at
      .slice(0, -1)
      .reduce<Record<PropertyKey, unknown>>((node, key) => node[key] as Record<PropertyKey, unknown>, copy);
    parent[at.at(-1)!] = absolute(path);
  }
  return copy;
}
