/**
 * Outbound requests through an HTTP(S) proxy: which proxy a target URL goes through (or none, by `noProxy`), the
 * agents that tunnel to it with CONNECT (hpagent), and a failure worded so that it names the proxy, never its
 * credentials.
 */
import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import { HttpProxyAgent, HttpsProxyAgent } from "hpagent";
import type { ProxyConfig, ProxyRoute } from "../config/config.js";
import { AppError } from "../errors.js";

export interface ProxiedAgents {
  route: ProxyRoute;
  agent: { http: HttpAgent; https: HttpsAgent };
}

/** `noProxy` entries: `*`, a host or IP, a domain (`example.com` and `.example.com` both cover its subdomains). */
export function bypasses(noProxy: readonly string[], target: URL): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  return noProxy.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry === "*") return true;
    // `[::1]:8080`, a bare IPv6 address (more than one colon), or `host` / `host:port`.
    const [, name = entry, onlyPort] =
      /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ??
      (entry.split(":").length > 2 ? [entry, entry] : /^([^:]*)(?::(\d+))?$/.exec(entry)) ??
      [];
    if (onlyPort !== undefined && onlyPort !== port) return false;
    const domain = name.replace(/^\*?\./, "");
    return domain !== "" && (host === domain || host.endsWith(`.${domain}`));
  });
}

/** The route a request to `target` takes: through the proxy for its scheme, unless `noProxy` names it. */
export function routeFor(proxy: ProxyConfig, target: string): ProxyRoute | undefined {
  const url = new URL(target);
  const route = url.protocol === "https:" ? proxy.https : proxy.http;
  return route && !bypasses(proxy.noProxy, url) ? route : undefined;
}

/** One pair of keep-alive agents per proxy, made on first use. */
export function createProxyAgents(proxy: ProxyConfig): (target: string) => ProxiedAgents | undefined {
  const made = new Map<ProxyRoute, ProxiedAgents>();
  return (target) => {
    const route = routeFor(proxy, target);
    if (!route) return undefined;
    let agents = made.get(route);
    if (!agents) {
      const url = new URL(route.url);
      const credentials = route.credentials?.reveal();
      if (credentials !== undefined) {
        const colon = credentials.indexOf(":");
        url.username = encodeURIComponent(colon < 0 ? credentials : credentials.slice(0, colon));
        url.password = encodeURIComponent(colon < 0 ? "" : credentials.slice(colon + 1));
      }
      const options = { proxy: url, keepAlive: true };
      agents = { route, agent: { http: new HttpProxyAgent(options), https: new HttpsProxyAgent(options) } };
      made.set(route, agents);
    }
    return agents;
  };
}

/**
 * A failure through the proxy in words: its refusals (hpagent reports `Bad response: 407`) are permanent, since
 * retrying does not change the proxy's mind; anything else is the network's and is left to the caller's retries.
 */
export function proxyProblem(route: ProxyRoute, problem: string): AppError | string {
  const via = route.url;
  const status = /Bad response: (\d{3})/.exec(problem)?.[1];
  // 407 is the standard answer; some proxies (tinyproxy) answer wrong credentials with 401.
  if (status === "407" || status === "401")
    return new AppError(
      "E_PROXY_AUTH",
      route.credentials
        ? `the proxy ${via} refused the credentials (HTTP ${status}): check source.proxyCredentialsFile`
        : `the proxy ${via} requires authentication (HTTP ${status}): set source.proxyCredentialsFile`,
      undefined,
      { proxy: via, status: Number(status) },
    );
  if (status !== undefined)
    return new AppError(
      "E_PROXY",
      `the proxy ${via} refused the connection (HTTP ${status}): ask its administrator to allow this host and port, ` +
        "or add it to source.noProxy",
      undefined,
      { proxy: via, status: Number(status) },
    );
  return `through the proxy ${via}: ${problem}`;
}
