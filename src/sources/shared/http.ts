/**
 * GET requests to a Defender API, shared by every source: bearer token, client-side rate limit, timeouts, and the
 * retry rules (401: one fresh token and one retry; 403: fail; 429: wait Retry-After; 5xx, network errors,
 * timeouts and truncated bodies: bounded retries with backoff; 3xx: fail, as a redirect would carry the token elsewhere
 * or stand another origin's answer in for the API's). The body is handed over as a stream, never buffered.
 */
import got, { type Request } from "got";
import type { IncomingHttpHeaders } from "node:http";
import { AppError } from "../../errors.js";
import { networkProblem } from "../../util/network-error.js";
import { createProxyAgents, proxyProblem } from "../../util/proxy.js";
import { realSleep, withRetries, type Attempt } from "../../util/retry.js";
import { scrubberOf, type Scrub } from "../../util/scrub.js";
import { USER_AGENT } from "../../util/user-agent.js";
import type { SharedConfig } from "../component.js";
import type { SourceDeps } from "../source.js";
import * as failure from "./api-errors.js";
import { createRateLimiter } from "./rate-limiter.js";
import { retryAfterMs } from "./retry-after.js";
import { ServerClock } from "./server-clock.js";

export interface ApiClientOptions {
  /** The API's name in messages, e.g. "SIEM". */
  api: string;
  /** The `endpoint` label of metrics.apiRequests. */
  endpoint: string;
  /** What this API's 403 means, as its documentation says. */
  forbiddenMeaning: string;
  requestsPerMinute: number;
  requestsPerHour?: number;
  /** Sent with every request besides the token (e.g. Graph's `Prefer`). */
  headers?: Record<string, string>;
  config: Pick<SharedConfig, "connectTimeout" | "requestTimeout" | "maxRetries" | "maxRetryWait" | "proxy">;
}

export type BodyReader<T> = (body: AsyncIterable<Buffer>, headers: IncomingHttpHeaders) => Promise<T>;

export interface ApiClient {
  /** Without `searchParams`, the URL's own query is sent as it is (an `@odata.nextLink`). */
  get<T>(url: string, searchParams: URLSearchParams | undefined, read: BodyReader<T>, signal?: AbortSignal): Promise<T>;
  /** The API's current time, from the `Date` header of its last response (see server-clock.ts). */
  serverNow(): number | undefined;
}

const BACKOFF = { initialMs: 1000, maxMs: 60_000 };
const ERROR_BODY_LIMIT = 64 * 1024;

interface Opened {
  /** Removes the access token this request carried from text that came back (an API that echoes the request). */
  scrub: Scrub;
  status: number;
  headers: IncomingHttpHeaders;
  stream: Request;
}

export function createApiClient(options: ApiClientOptions, deps: SourceDeps): ApiClient {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const limiter = createRateLimiter(
    { perMinute: options.requestsPerMinute, perHour: options.requestsPerHour },
    { now, sleep },
  );
  const serverClock = new ServerClock(now);
  const { config } = options;
  const proxied = createProxyAgents(config.proxy);

  async function open(url: string, searchParams: URLSearchParams | undefined, signal?: AbortSignal): Promise<Opened> {
    await limiter.acquire(signal);
    const token = await deps.tokens.token(signal);
    const stream = got.stream(url, {
      searchParams,
      headers: {
        "user-agent": USER_AGENT,
        ...options.headers,
        authorization: `Bearer ${token.reveal()}`,
        accept: "application/json",
      },
      throwHttpErrors: false,
      followRedirect: false,
      retry: { limit: 0 },
      timeout: { connect: config.connectTimeout, request: config.requestTimeout },
      agent: proxied(url)?.agent,
      signal,
    });
    stream.on("error", () => undefined);
    try {
      const response = await new Promise<{ statusCode: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
        stream.once("response", resolve);
        stream.once("error", reject);
      });
      deps.metrics.apiRequests.inc({ endpoint: options.endpoint, status: String(response.statusCode) });
      serverClock.observe(response.headers.date);
      const scrub = (text: string) => scrubberOf([token.reveal()])(text);
      return { scrub, status: response.statusCode, headers: response.headers, stream };
    } catch (err) {
      deps.metrics.apiRequests.inc({ endpoint: options.endpoint, status: "0" });
      throw err;
    }
  }

  /** One attempt; a 401 is answered here with one fresh token and one more request. */
  async function attempt<T>(
    url: string,
    params: URLSearchParams | undefined,
    read: BodyReader<T>,
    signal?: AbortSignal,
  ): Promise<Attempt<T>> {
    const where = params ? `${url}?${params.toString()}` : url;
    try {
      let opened = await open(url, params, signal);
      if (opened.status === 401) {
        await readText(opened.stream);
        deps.tokens.invalidate();
        deps.logger.info({ url }, `the ${options.api} API answered 401; obtaining a fresh token and retrying once`);
        opened = await open(url, params, signal);
      }
      if (opened.status >= 200 && opened.status < 300) return { done: await readAll(opened, read) };
      return failed(opened, opened.scrub(await readText(opened.stream)), where);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof AppError && err.data.retryable !== true) throw err;
      const problem = err instanceof AppError ? err.message : networkProblem(err);
      const route = proxied(url)?.route;
      const worded = route ? proxyProblem(route, problem) : problem;
      if (worded instanceof AppError) throw worded;
      return { retry: failure.networkFailure(options.api, where, worded) };
    }
  }

  function failed<T>(opened: Opened, body: string, url: string): Attempt<T> {
    const c = { api: options.api, url, status: opened.status, body };
    if (opened.status >= 300 && opened.status < 400) throw failure.redirected(c, opened.headers.location);
    if (opened.status === 401) throw failure.unauthorized(c);
    if (opened.status === 403) throw failure.forbidden(c, options.forbiddenMeaning);
    if (opened.status === 429) {
      const waitMs = retryAfterMs(opened.headers["retry-after"], now());
      if (waitMs !== undefined && waitMs > config.maxRetryWait)
        throw failure.rateLimited(c, waitMs, config.maxRetryWait);
      return { retry: failure.rateLimited(c, waitMs, config.maxRetryWait), waitMs };
    }
    if (opened.status >= 500 || opened.status === 408) return { retry: failure.unavailable(c) };
    throw failure.badRequest(c);
  }

  return {
    get(url, searchParams, read, signal) {
      return withRetries((_n) => attempt(url, searchParams, read, signal), {
        maxRetries: config.maxRetries,
        backoff: BACKOFF,
        sleep,
        random: deps.random,
        signal,
        onRetry: (err, n, waitMs) => deps.logger.warn({ attempt: n, waitMs }, `${err.message}; retrying`),
        onExhausted: failure.gaveUp,
      });
    },
    serverNow: () => serverClock.now(),
  };
}

async function readAll<T>(opened: Opened, read: BodyReader<T>): Promise<T> {
  try {
    return await read(opened.stream, opened.headers);
  } finally {
    opened.stream.destroy();
  }
}

/** An error response's body, for the message: bounded, and the connection released. */
async function readText(stream: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // A body that cannot be read adds nothing to the status; the status is what gets reported.
  }
  stream.destroy();
  return Buffer.concat(chunks).toString("utf8");
}
