/**
 * What a configuration may say but probably should not: it works, so these are warnings (shown by `check` and logged
 * at start), each at the key to look at.
 */
import { configSchema, type RawConfig } from "./schema.js";
import { cautions } from "./values.js";
import type { KeyPath } from "./yaml-file.js";
import { registeredIn } from "./zod-shape.js";

export interface ConfigWarning {
  path: KeyPath;
  message: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant a token URL names (`https://login…/TENANT/oauth2/…`), when its first path segment is one. */
export function tenantOfTokenUrl(tokenUrl: string): string | undefined {
  const first = decodeURIComponent(new URL(tokenUrl).pathname.split("/")[1] ?? "");
  return GUID.test(first) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(first) ? first : undefined;
}

/** `referenced`: the dotted key paths whose values came from `${VAR}` (see interpolate.ts). */
export function configWarnings(raw: RawConfig, referenced: ReadonlySet<string>): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const s = raw.source;
  if (s.clientSecret !== undefined && !referenced.has("source.clientSecret"))
    warnings.push({
      path: ["source", "clientSecret"],
      message:
        "the client secret is written in the configuration file itself: anyone who reads the file has it; " +
        "use ${VARIABLE}, source.clientSecretFile or a systemd credential",
    });
  const named = s.tokenUrl === undefined ? undefined : tenantOfTokenUrl(s.tokenUrl);
  // A GUID and a domain may name the same tenant: only two of a kind can be compared.
  if (
    named !== undefined &&
    GUID.test(named) === GUID.test(s.tenantId) &&
    named.toLowerCase() !== s.tenantId.toLowerCase()
  )
    warnings.push({
      path: ["source", "tokenUrl"],
      message: `names tenant ${named}, but source.tenantId is ${s.tenantId}: tokens come from ${named}; correct one of them`,
    });
  for (const { at, value, meta } of registeredIn(cautions, configSchema, raw))
    if (meta.when(value)) warnings.push({ path: at, message: meta.message });
  return warnings;
}

/** A file holding a secret (config/values.ts, `secretFile`), with its permission bits. */
export interface SecretFile {
  at: KeyPath;
  path: string;
  holds: string;
  mode: number;
}

/** Secret files others than their owner may read: the forwarder works, but the secret is not kept. */
export function exposedSecretFiles(files: readonly SecretFile[]): ConfigWarning[] {
  return files.flatMap(({ at, path, holds, mode }) => {
    const who = [mode & 0o040 ? "its group" : "", mode & 0o004 ? "every user" : ""].filter(Boolean).join(" and ");
    if (!who) return [];
    const octal = (mode & 0o777).toString(8).padStart(4, "0");
    return [
      {
        path: at,
        message:
          `${path} holds ${holds} and is readable by ${who} (mode ${octal}): ` +
          "chmod 600 it, or give it as a systemd credential (LoadCredential=)",
      },
    ];
  });
}
