/** A short human summary of a configuration, for `check` and the daemon's first log line. No secrets in it. */
import type { Config, ProxyConfig } from "../config/config.js";
import { formatDuration } from "../config/duration.js";

export function describeConfig(c: Config): string {
  const s = c.source;
  const o = c.output;
  const where = s.url ?? `${s.cloud}${s.region ? ` ${s.region}` : ""}`;
  const receiver = o.host === undefined ? (o.path ?? "") : `${o.host}:${o.port}${o.framing ? ` (${o.framing})` : ""}`;
  const destination = `${o.transport} ${receiver}`.trimEnd();
  return [
    `  source    ${s.api} API, ${where}, tenant ${s.tenantId}, ${s.credential.kind === "secret" ? "client secret" : "certificate"}`,
    `  windows   lookback ${formatDuration(s.lookback)}, overlap ${formatDuration(s.overlap)}, at most ${formatDuration(s.maxWindow)} each`,
    ...describeProxy(s.proxy),
    `  schedule  ${c.schedule}`,
    `  mapping   ${c.mapping}`,
    `  output    ${destination}, header ${o.header}, at most ${o.maxMessageBytes} bytes per message`,
    `  state     ${c.state.dir}`,
    `  health    ${c.health.listen ? `${c.health.listen.host}:${c.health.listen.port}` : "off"}`,
  ].join("\n");
}

/** The proxy line, when requests go through one (never its credentials: they are not in the URL). */
function describeProxy({ https, http, noProxy }: ProxyConfig): string[] {
  if (!https && !http) return [];
  const routes =
    https?.url === http?.url
      ? https!.url
      : [https && `${https.url} for https`, http && `${http.url} for http`].filter(Boolean).join(", ");
  return [`  proxy     ${routes}${noProxy.length ? `, not for ${noProxy.join(", ")}` : ""}`];
}
