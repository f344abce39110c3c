/**
 * Access tokens for the Defender APIs by the OAuth 2.0 client-credentials flow against Entra ID. A token is cached
 * and renewed a few minutes before it expires; concurrent callers share one request; a 401 from an API makes the
 * caller `invalidate()` it. Secrets and tokens only ever leave this module as `Secret`.
 */
import got, { CancelError } from "got";
import type { SharedConfig } from "../sources/component.js";
import { Secret } from "../config/secret.js";
import { AppError } from "../errors.js";
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import { networkProblem } from "../util/network-error.js";
import { createProxyAgents, proxyProblem } from "../util/proxy.js";
import { realSleep, withRetries, type Attempt, type Sleep } from "../util/retry.js";
import { scrubberOf } from "../util/scrub.js";
import { USER_AGENT } from "../util/user-agent.js";
import { createAssertionSigner } from "./assertion.js";
import { audienceOf, tokenUrlOf, type Audience } from "./endpoint.js";
import { entraError } from "./entra-error.js";
import { readTokenResponse, refreshAtMs, type IssuedToken } from "./token-response.js";

export interface TokenProvider {
  token(signal?: AbortSignal): Promise<Secret>;
  invalidate(): void;
}

export interface TokenDeps {
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
}

const BACKOFF = { initialMs: 1000, maxMs: 30_000 };
/** Entra's answers are a few kilobytes; a larger one is not read on (a hostile endpoint could send gigabytes). */
const TOKEN_RESPONSE_LIMIT = 64 * 1024;

interface Cached {
  token: Secret;
  refreshAt: number;
  expiresAt: number;
}

export function createTokenProvider(config: SharedConfig, deps: TokenDeps): TokenProvider {
  const now = deps.now ?? Date.now;
  const audience = audienceOf(config);
  const tokenUrl = tokenUrlOf(config, audience);
  const credentialForm = credentialFormOf(config, tokenUrl);
  const proxy = createProxyAgents(config.proxy)(tokenUrl);
  let cached: Cached | undefined;
  let pending: Promise<Cached> | undefined;

  async function attempt(): Promise<Attempt<Cached>> {
    const requestedAt = now();
    const credential = credentialForm(requestedAt);
    // What an endpoint may echo back: the secret or this request's signed assertion, in any encoding.
    const scrub = scrubberOf(["client_secret" in credential ? credential.client_secret : credential.client_assertion]);
    let response;
    try {
      const request = got.post(tokenUrl, {
        form: {
          grant_type: "client_credentials",
          client_id: config.clientId,
          ...audienceForm(audience),
          ...credential,
        },
        headers: { "user-agent": USER_AGENT },
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        timeout: { connect: config.connectTimeout, request: config.requestTimeout },
        agent: proxy?.agent,
      });
      void request.on("downloadProgress", ({ transferred }: { transferred: number }) => {
        if (transferred > TOKEN_RESPONSE_LIMIT) request.cancel();
      });
      response = await request;
    } catch (err) {
      if (err instanceof CancelError) throw tooLarge(tokenUrl);
      const problem = scrub(networkProblem(err));
      const worded = proxy ? proxyProblem(proxy.route, problem) : problem;
      if (worded instanceof AppError) throw worded;
      return {
        retry: new AppError("E_AUTH_NETWORK", `token request to ${tokenUrl} failed: ${worded}`, undefined, {
          tokenUrl,
        }),
      };
    }
    if (response.statusCode >= 300 && response.statusCode < 400)
      throw redirected(tokenUrl, response.statusCode, response.headers.location);
    if (response.statusCode >= 500 || response.statusCode === 429)
      return { retry: entraError(response.statusCode, response.body, tokenUrl, scrub) };
    if (response.statusCode !== 200) throw entraError(response.statusCode, response.body, tokenUrl, scrub);
    return { done: cache(readTokenResponse(parseJson(response.body, tokenUrl), requestedAt, tokenUrl), requestedAt) };
  }

  function cache(issued: IssuedToken, issuedAt: number): Cached {
    return {
      token: new Secret(issued.accessToken),
      expiresAt: issued.expiresAtMs,
      refreshAt: refreshAtMs(issuedAt, issued.expiresAtMs),
    };
  }

  async function refresh(): Promise<Cached> {
    try {
      const fresh = await withRetries(attempt, {
        maxRetries: config.maxRetries,
        backoff: BACKOFF,
        sleep: deps.sleep ?? realSleep,
        random: deps.random,
        onRetry: (err, n, waitMs) => deps.logger.warn({ attempt: n, waitMs }, `${err.message}; retrying`),
      });
      deps.metrics.tokenRefreshes.inc({ result: "success" });
      deps.logger.debug(
        { tokenUrl, expiresInSeconds: Math.round((fresh.expiresAt - now()) / 1000) },
        "obtained an access token",
      );
      cached = fresh;
      return fresh;
    } catch (err) {
      deps.metrics.tokenRefreshes.inc({ result: "failure" });
      throw err;
    }
  }

  return {
    async token(signal) {
      signal?.throwIfAborted();
      const t = now();
      if (cached && t < cached.refreshAt) return cached.token;
      pending ??= refresh().finally(() => (pending = undefined));
      const fresh =
        cached && t < cached.expiresAt ? pending.catch(() => stillValid(cached, now(), deps.logger)) : pending;
      return (await abortable(fresh, signal)).token;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** A renewal failed but the current token has not expired yet: keep using it, and say so. */
function stillValid(current: Cached | undefined, t: number, logger: Logger): Cached {
  if (!current || t >= current.expiresAt)
    throw new AppError("E_AUTH", "the access token expired and could not be renewed");
  logger.warn("could not renew the access token early; using the current one until it expires");
  return current;
}

function audienceForm(audience: Audience): Record<string, string> {
  return audience.version === "v1" ? { resource: audience.resource } : { scope: audience.scope };
}

type CredentialForm = { client_secret: string } | { client_assertion_type: string; client_assertion: string };

function credentialFormOf(config: SharedConfig, tokenUrl: string): (nowMs: number) => CredentialForm {
  const credential = config.credential;
  if (credential.kind === "secret") return () => ({ client_secret: credential.secret.reveal() });
  const signer = createAssertionSigner({
    clientId: config.clientId,
    tokenUrl,
    certificatePem: credential.certificatePem,
    privateKeyPem: credential.privateKey.reveal(),
    thumbprint: credential.thumbprint,
  });
  return (nowMs) => ({
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: signer.assertion(nowMs),
  });
}

/** A redirect would re-send the form, secret included, wherever it points: it is never followed. */
function redirected(tokenUrl: string, status: number, location: string | undefined): AppError {
  return new AppError(
    "E_AUTH_REDIRECT",
    `the token endpoint ${tokenUrl} answered HTTP ${status} redirecting to ${location ?? "(no Location)"}; redirects are not followed (the request carries the credential): set source.tokenUrl to the real endpoint`,
    undefined,
    { tokenUrl, status, location },
  );
}

function tooLarge(tokenUrl: string): AppError {
  return new AppError(
    "E_AUTH",
    `the token response from ${tokenUrl} is larger than ${TOKEN_RESPONSE_LIMIT / 1024} KiB; Entra ID's are a few KiB: check source.tokenUrl`,
    undefined,
    { tokenUrl },
  );
}

function parseJson(text: string, tokenUrl: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("E_AUTH", `token response from ${tokenUrl} is not JSON`, undefined, { tokenUrl });
  }
}

/** Waits for a shared promise, but lets this caller give up on its own signal without cancelling the others. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
