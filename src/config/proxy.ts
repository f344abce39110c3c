/**
 * The proxy settings: `source.proxy` and `source.noProxy` when the proxy is configured, else the conventional
 * environment variables (`https_proxy`/`HTTPS_PROXY` for https targets, `http_proxy`/`HTTP_PROXY` for http targets,
 * `no_proxy`/`NO_PROXY`; the lower-case form wins, as in curl). Credentials never stay in a URL: they move into a
 * Secret, so a URL can be shown in messages as it is.
 */
import type { ProxyConfig, ProxyRoute } from "./config.js";
import { Secret } from "./secret.js";

const fromEnv = (env: NodeJS.ProcessEnv, name: string) => (env[name.toLowerCase()] ?? env[name])?.trim() || undefined;

/** `user:password` from a URL, decoded; undefined when it has none. */
export function urlCredentials(url: URL): string | undefined {
  if (url.username === "" && url.password === "") return undefined;
  return `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
}

function route(text: string, fileCredentials: Secret | undefined): ProxyRoute {
  // A bare host:port, as some environments write it, means an http proxy.
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  const inUrl = urlCredentials(url);
  url.username = "";
  url.password = "";
  const credentials = fileCredentials ?? (inUrl === undefined ? undefined : new Secret(inUrl));
  return { url: url.origin, ...(credentials ? { credentials } : {}) };
}

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function proxySettings(
  source: { proxy?: string; noProxy?: string[] },
  env: NodeJS.ProcessEnv,
  credentials: Secret | undefined,
): ProxyConfig {
  if (source.proxy !== undefined) {
    const only = route(source.proxy, credentials);
    return { http: only, https: only, noProxy: source.noProxy ?? [] };
  }
  const https = fromEnv(env, "HTTPS_PROXY");
  const http = fromEnv(env, "HTTP_PROXY");
  return {
    ...(https ? { https: route(https, credentials) } : {}),
    ...(http ? { http: route(http, credentials) } : {}),
    noProxy: source.noProxy ?? list(fromEnv(env, "NO_PROXY")),
  };
}
