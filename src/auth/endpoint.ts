/**
 * Where a token comes from and whom it is for. The v1 endpoint takes a `resource`, the v2 endpoint a `scope`;
 * each source names its API's documented audience, which the configuration's `resource` or `scope` overrides.
 */
import type { SharedConfig } from "../sources/component.js";
import type { Cloud } from "../sources/options.js";
import { sourceNamed } from "../sources/registry.js";

export type Audience = { version: "v1"; resource: string } | { version: "v2"; scope: string };

const LOGIN_HOSTS: Record<Cloud, string> = {
  commercial: "login.microsoftonline.com",
  gcc: "login.microsoftonline.com",
  "gcc-high": "login.microsoftonline.us",
  dod: "login.microsoftonline.us",
};

/** The documented audience of the API `api` names. */
export function defaultAudience(api: string, cloud: Cloud): Audience {
  return sourceNamed(api).audience(cloud);
}

/** What the token's audience depends on. */
type AudienceKeys = Pick<SharedConfig, "api" | "cloud" | "resource" | "scope">;

export function audienceOf(config: AudienceKeys): Audience {
  if (config.scope !== undefined) return { version: "v2", scope: config.scope };
  if (config.resource !== undefined) return { version: "v1", resource: config.resource };
  return defaultAudience(config.api, config.cloud);
}

export function loginHost(cloud: Cloud): string {
  return LOGIN_HOSTS[cloud];
}

export function tokenUrlOf(config: Pick<SharedConfig, "tenantId" | "cloud" | "tokenUrl">, audience: Audience): string {
  if (config.tokenUrl !== undefined) return config.tokenUrl;
  const path = audience.version === "v1" ? "oauth2/token" : "oauth2/v2.0/token";
  return `https://${loginHost(config.cloud)}/${encodeURIComponent(config.tenantId)}/${path}`;
}

/** For messages: which endpoint a token comes from and for whom. */
export function describeTokenRequest(config: AudienceKeys & Pick<SharedConfig, "tenantId" | "tokenUrl">): string {
  const audience = audienceOf(config);
  const whom = audience.version === "v1" ? `resource ${audience.resource}` : `scope ${audience.scope}`;
  return `${tokenUrlOf(config, audience)} (${audience.version}, ${whom})`;
}
