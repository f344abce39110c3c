/** `check --online`: a token, one request for the last hour, then the output, each step reported as it succeeds. */
import { describeTokenRequest } from "../auth/endpoint.js";
import { createTokenProvider } from "../auth/token-provider.js";
import type { Config, LogLevel } from "../config/config.js";
import { Metrics } from "../health/metrics.js";
import { createLogger } from "../logging/logger.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import { createSource } from "../sources/registry.js";
import { probeOutput } from "./output-probe.js";
import { sendTestEvent } from "./test-event.js";

const HOUR_MS = 3_600_000;

export interface OnlineCheck {
  config: Config;
  mapping: CompiledMapping;
  level: LogLevel;
  /** `--verbose`: errors in the log carry their stack, as in the other commands. */
  stacks: boolean;
  /** Also send one labelled test event through the mapping and the output. */
  testEvent: boolean;
}

export async function checkOnline(
  { config, mapping, level, stacks, testEvent }: OnlineCheck,
  out: NodeJS.WritableStream,
): Promise<void> {
  const logger = createLogger({ level, stream: "stderr", stacks });
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
  out.write(`  output    ${await probeOutput(config.output)}\n`);
  if (testEvent) out.write(`  test      ${await sendTestEvent(config, mapping, { logger, metrics })}\n`);
}
