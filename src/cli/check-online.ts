/**
 * `check --online`: a token, one request for the last hour, then the output, each step reported as it succeeds. With
 * `tenants:`, every tenant's token and request (at most `concurrency` at once), one line each in the file's order, then
 * the output once; any tenant that failed makes it fail, naming them.
 */
import { describeTokenRequest } from "../auth/endpoint.js";
import { createTokenProvider } from "../auth/token-provider.js";
import type { Config, LogLevel, SourceConfig } from "../config/config.js";
import { AppError } from "../errors.js";
import { Metrics } from "../health/metrics.js";
import { createLogger, type Logger } from "../logging/logger.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import { createSource } from "../sources/registry.js";
import { probeOutput } from "./output-probe.js";
import { sendTestEvent } from "./test-event.js";

const HOUR_MS = 3_600_000;
/** Failing tenants named in the error at most: the rest are counted. */
const MAX_NAMED = 10;

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
  const failed = config.multiTenant
    ? await checkTenants(config, { logger, metrics }, out)
    : await checkSource(config.source, { logger, metrics }, (step, text) =>
        out.write(`  ${step.padEnd(10)}${text}\n`),
      ).then(() => []);
  out.write(`  output    ${await probeOutput(config.output)}\n`);
  if (testEvent) out.write(`  test      ${await sendTestEvent(config, mapping, { logger, metrics })}\n`);
  if (failed.length) throw tenantsFailed(failed, config.tenants.length);
}

interface Deps {
  logger: Logger;
  metrics: Metrics;
}

/** A token, then one request for the last hour, each `done` as it succeeds; rejects with the first that fails. */
async function checkSource(
  source: SourceConfig,
  deps: Deps,
  done: (step: "token" | "API", text: string) => void,
): Promise<void> {
  const tokens = createTokenProvider(source, deps);
  await tokens.token();
  done("token", `obtained from ${describeTokenRequest(source)}`);
  const until = new Date();
  const records = await createSource(source, { ...deps, tokens }).fetch({
    since: new Date(until.getTime() - HOUR_MS),
    until,
  });
  done("API", `${source.api}: ${records.length} record${records.length === 1 ? "" : "s"} in the last hour`);
}

interface Failure {
  name: string;
  error: unknown;
}

/** Each tenant checked, `concurrency` at once; its line printed once those before it are. Resolves with failures. */
async function checkTenants(config: Config, deps: Deps, out: NodeJS.WritableStream): Promise<Failure[]> {
  const { tenants } = config;
  const width = Math.max(8, ...tenants.map((t) => t.name.length)) + 2;
  out.write(`  tenants   ${tenants.length}, checked ${Math.min(config.concurrency, tenants.length)} at once\n`);
  const lines: (string | undefined)[] = [];
  const failures: Failure[] = [];
  let printed = 0;
  let next = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const i = next++;
      const { name, source } = tenants[i]!;
      const steps: string[] = [];
      lines[i] = await checkSource(source, { ...deps, metrics: deps.metrics.forTenant(name) }, (step, text) =>
        steps.push(`${step} ${text}`),
      ).then(
        () => steps.join("; "),
        (error: unknown) => {
          failures.push({ name, error });
          return `FAILED: ${messageOf(error)}`;
        },
      );
      for (; printed < tenants.length && lines[printed] !== undefined; printed++)
        out.write(`  ${tenants[printed]!.name.padEnd(width)}${lines[printed]}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, tenants.length) }, worker));
  const order = new Map(tenants.map((t, i) => [t.name, i]));
  return failures.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Exit 1 (or the first failure's own exit code) with its code and message, naming every failing tenant (the first
 * few); a failure that is not the product's own (a bug) is thrown as it is.
 */
function tenantsFailed(failures: Failure[], of: number): unknown {
  const [first] = failures as [Failure, ...Failure[]];
  if (!(first.error instanceof AppError)) return first.error;
  const named = failures.slice(0, MAX_NAMED).map((f) => f.name);
  const more = failures.length > named.length ? ` and ${failures.length - named.length} more` : "";
  return new AppError(
    first.error.code,
    `${failures.length} of ${of} tenants failed the online check (${named.join(", ")}${more}); ` +
      `${first.name}: ${first.error.message}`,
    first.error.exitCode,
    { tenants: failures.map((f) => f.name) },
  );
}
