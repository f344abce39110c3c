/** What each HTTP failure of a Defender API means, as one line with what to do. */
import { AppError } from "../../errors.js";

export interface FailureContext {
  /** The API's name, e.g. "SIEM". */
  api: string;
  url: string;
  status: number;
  body: string;
}

export function snippet(body: string): string {
  const text = body.replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const said = (body: string) => (snippet(body) ? ` (the API said: ${snippet(body)})` : "");

export function unauthorized(c: FailureContext): AppError {
  return new AppError(
    "E_API_UNAUTHORIZED",
    `the ${c.api} API refused a freshly obtained token (HTTP 401): check that the application has the API's permission with admin consent, and source.resource/scope${said(c.body)}`,
    undefined,
    { status: c.status, url: c.url },
  );
}

export function redirected(c: FailureContext, location: string | undefined): AppError {
  return new AppError(
    "E_API_REDIRECT",
    `the ${c.api} API answered ${c.url} with HTTP ${c.status} redirecting to ${location ?? "(no Location)"}; redirects are not followed (the request carries the access token): check source.url`,
    undefined,
    { status: c.status, url: c.url, location },
  );
}

/** What a 403 means for an API whose token lacks the permission `access` names. */
export function lacksAccess(access: string): string {
  return (
    `the token lacks the permission: grant the application ${access} (Entra admin center: App registrations > ` +
    "API permissions > Grant admin consent), then restart the forwarder so that it gets a new token"
  );
}

export function forbidden(c: FailureContext, meaning: string): AppError {
  return new AppError(
    "E_API_FORBIDDEN",
    `the ${c.api} API refused the request (HTTP 403): ${meaning}${said(c.body)}`,
    undefined,
    {
      status: c.status,
      url: c.url,
    },
  );
}

export function badRequest(c: FailureContext): AppError {
  return new AppError(
    "E_API_REQUEST",
    `the ${c.api} API rejected the request ${c.url} with HTTP ${c.status}${said(c.body)}`,
    undefined,
    {
      status: c.status,
      url: c.url,
    },
  );
}

export function unavailable(c: FailureContext): AppError {
  return new AppError("E_API_UNAVAILABLE", `the ${c.api} API answered HTTP ${c.status}${said(c.body)}`, undefined, {
    status: c.status,
    url: c.url,
  });
}

export function rateLimited(c: FailureContext, waitMs: number | undefined, maxWaitMs: number): AppError {
  const asked = waitMs === undefined ? "without Retry-After" : `asking to wait ${Math.ceil(waitMs / 1000)} s`;
  const tooLong =
    waitMs !== undefined && waitMs > maxWaitMs ? `, longer than source.maxRetryWait (${maxWaitMs / 1000} s)` : "";
  return new AppError(
    "E_API_RATE_LIMITED",
    `the ${c.api} API is rate limiting this application (HTTP 429, ${asked}${tooLong}); lower source.requestsPerMinute or poll less often`,
    undefined,
    {
      status: 429,
      url: c.url,
      waitMs,
    },
  );
}

export function networkFailure(api: string, url: string, problem: string): AppError {
  return new AppError("E_API_NETWORK", `request to the ${api} API failed: ${problem} (${url})`, undefined, { url });
}

export function gaveUp(err: Error, retries: number): Error {
  if (!(err instanceof AppError) || retries === 0) return err;
  return new AppError(
    err.code,
    `${err.message}; gave up after ${retries} ${retries === 1 ? "retry" : "retries"}`,
    err.exitCode,
    { ...err.data, retries },
  );
}
