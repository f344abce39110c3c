/** Entra ID's token response, read leniently: its numbers arrive as JSON numbers or as strings ("3599"). */
import { AppError } from "../errors.js";

export interface IssuedToken {
  accessToken: string;
  /** When the token expires, on the local clock. */
  expiresAtMs: number;
}

/** Used only if Entra ever sends no lifetime at all: short, so the token is renewed soon rather than used stale. */
const ASSUMED_LIFETIME_MS = 5 * 60_000;

function seconds(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/**
 * `expires_in` counts from when the request was sent, so it is immune to clock skew; `expires_on` (absolute
 * seconds) is the fallback.
 */
export function readTokenResponse(body: unknown, requestedAtMs: number, tokenUrl: string): IssuedToken {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.access_token !== "string" || b.access_token === "") {
    throw new AppError("E_AUTH", `token response from ${tokenUrl} has no access_token`, undefined, { tokenUrl });
  }
  const expiresIn = seconds(b.expires_in);
  const expiresOn = seconds(b.expires_on);
  const expiresAtMs =
    expiresIn !== undefined
      ? requestedAtMs + expiresIn * 1000
      : expiresOn !== undefined
        ? expiresOn * 1000
        : requestedAtMs + ASSUMED_LIFETIME_MS;
  return { accessToken: b.access_token, expiresAtMs };
}

/** When to ask for the next token: a few minutes before expiry, or a fifth of the lifetime for short-lived tokens. */
export function refreshAtMs(issuedAtMs: number, expiresAtMs: number): number {
  const lifetime = Math.max(0, expiresAtMs - issuedAtMs);
  return expiresAtMs - Math.min(5 * 60_000, lifetime / 5);
}
