/** `check --online`: a token, then one request for the last hour, each step reported as it succeeds. */
import { describeTokenRequest } from "../auth/endpoint.js";
import { createTokenProvider } from "../auth/token-provider.js";
import type { Config, LogLevel } from "../config/config.js";
import { Metrics } from "../health/metrics.js";
import { createLogger } from "../logging/logger.js";
import { createSource } from "../sources/registry.js";

const HOUR_MS = 3_600_000;

export async function checkOnline(config: Config, out: NodeJS.WritableStream, level: LogLevel): Promise<void> {
  const logger = createLogger({ level, stream: "stderr" });
  const metrics = new Metrics({ processMetrics: false });
  const tokens = createTokenProvider(config.source, { logger, metrics });
  await tokens.token();
  out.write(`  token     obtained from ${describeTokenRequest(config.source)}\n`);
  const source = createSource(config.source, { logger, metrics, tokens });
  const until = new Date();
  const records = await source.fetch({ since: new Date(until.getTime() - HOUR_MS), until });
  out.write(
    `  API       ${config.source.api}: ${records.length} record${records.length === 1 ? "" : "s"} in the last hour\n`,
  );
}
