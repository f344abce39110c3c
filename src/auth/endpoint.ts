/**
 * Where a token comes from and whom it is for. The v1 endpoint takes a `resource`, the v2 endpoint a `scope`;
 * each API has a documented default audience, which the configuration's `resource` or `scope` overrides.
 */
import type { Api, Cloud, SourceConfig } from "../config/config.js";

export type Audience = { version: "v1"; resource: string } | { version: "v2"; scope: string };

const LOGIN_HOSTS: Record<Cloud, string> = {
  commercial: "login.microsoftonline.com",
  gcc: "login.microsoftonline.com",
  "gcc-high": "login.microsoftonline.us",
  dod: "login.microsoftonline.us",
};

/** Microsoft Graph per cloud: the API's host and its token audience. */
export const GRAPH_HOSTS: Record<Cloud, string> = {
  commercial: "graph.microsoft.com",
  gcc: "graph.microsoft.com",
  "gcc-high": "graph.microsoft.us",
  dod: "dod-graph.microsoft.us",
};

/**
 * The Defender for Endpoint API's audience per cloud. US Government hosts are from Microsoft's "Defender for Endpoint
 * for US Government customers" page; as in commercial, the audience is the securitycenter host.
 */
export const MDE_AUDIENCES: Record<Cloud, string> = {
  commercial: "https://api.securitycenter.microsoft.com",
  gcc: "https://api-gcc.securitycenter.microsoft.us",
  "gcc-high": "https://api-gov.securitycenter.microsoft.us",
  dod: "https://api-gov.securitycenter.microsoft.us",
};

/**
 * The SIEM API's v1 resource per cloud: Azure AD Graph's identifier, which Microsoft's SIEM API page gives for the
 * commercial cloud (https://graph.windows.net). GCC signs in to the commercial Entra ID; GCC High and DoD sign in to
 * login.microsoftonline.us, where Azure AD Graph is https://graph.microsoftazure.us ("Request differences between
 * Azure AD Graph and Microsoft Graph",
 * https://learn.microsoft.com/en-us/graph/migrate-azure-ad-graph-request-differences). No Microsoft page names the
 * SIEM API's audience there: `source.resource` overrides it (docs/operations.md).
 */
export const SIEM_RESOURCES: Record<Cloud, string> = {
  commercial: "https://graph.windows.net",
  gcc: "https://graph.windows.net",
  "gcc-high": "https://graph.microsoftazure.us",
  dod: "https://graph.microsoftazure.us",
};

/** The documented audience of each API. */
export function defaultAudience(api: Api, cloud: Cloud): Audience {
  switch (api) {
    case "siem":
      return { version: "v1", resource: SIEM_RESOURCES[cloud] };
    case "alerts":
      return { version: "v2", scope: `${MDE_AUDIENCES[cloud]}/.default` };
    case "graph":
      return { version: "v2", scope: `https://${GRAPH_HOSTS[cloud]}/.default` };
  }
}

export function audienceOf(config: Pick<SourceConfig, "api" | "cloud" | "resource" | "scope">): Audience {
  if (config.scope !== undefined) return { version: "v2", scope: config.scope };
  if (config.resource !== undefined) return { version: "v1", resource: config.resource };
  return defaultAudience(config.api, config.cloud);
}

export function loginHost(cloud: Cloud): string {
  return LOGIN_HOSTS[cloud];
}

export function tokenUrlOf(config: Pick<SourceConfig, "tenantId" | "cloud" | "tokenUrl">, audience: Audience): string {
  if (config.tokenUrl !== undefined) return config.tokenUrl;
  const path = audience.version === "v1" ? "oauth2/token" : "oauth2/v2.0/token";
  return `https://${loginHost(config.cloud)}/${encodeURIComponent(config.tenantId)}/${path}`;
}

/** For messages: which endpoint a token comes from and for whom. */
export function describeTokenRequest(
  config: Pick<SourceConfig, "api" | "cloud" | "resource" | "scope" | "tenantId" | "tokenUrl">,
): string {
  const audience = audienceOf(config);
  const whom = audience.version === "v1" ? `resource ${audience.resource}` : `scope ${audience.scope}`;
  return `${tokenUrlOf(config, audience)} (${audience.version}, ${whom})`;
}
