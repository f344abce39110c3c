/**
 * Entra ID's token errors as one line an operator can act on: the AADSTS code, what it means, what to change.
 * Entra's own description ends with trace and correlation IDs; only its first line is kept.
 */
import { AppError } from "../errors.js";

const ADVICE: Record<number, string> = {
  7000215:
    "the client secret is wrong: use the secret's Value (not its Secret ID) from the app registration's Certificates & secrets, in source.clientSecret or clientSecretFile",
  7000222:
    "the client secret has expired: create a new one under the app registration's Certificates & secrets and update source.clientSecret or clientSecretFile",
  700016:
    "the application was not found in the tenant: check source.clientId and source.tenantId (and source.cloud), and that the app is registered or consented in that tenant",
  90002: "the tenant was not found: check source.tenantId and source.cloud",
  70011:
    "the scope is not valid: check source.scope (it must end with /.default), or leave it out to use the API's default",
  500011: "the resource is not known in the tenant: check source.resource, or leave it out to use the API's default",
  700027:
    "the certificate assertion was refused: upload this certificate (the .crt, not the key) to the app registration's Certificates & secrets",
  7000112: "the application is disabled in the tenant: an administrator must enable it",
};

/** `a=b&c=d…`: Entra's descriptions never hold form data; an endpoint echoing the request does. */
const FORM_DATA = /[\w.-]+=[^\s&]*(?:&[\w.-]+=[^\s&]*)+/g;
/** Entra's first line is a sentence or two; anything longer is not Entra's. */
const DESCRIPTION_LIMIT = 300;

interface EntraErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/** The AADSTS number of an Entra error body: from `error_codes`, else from the description's text. */
export function aadstsCode(body: EntraErrorBody): number | undefined {
  if (Array.isArray(body.error_codes) && Number.isSafeInteger(body.error_codes[0]))
    return body.error_codes[0] as number;
  const match = typeof body.error_description === "string" ? /AADSTS(\d{1,10})/.exec(body.error_description) : null;
  return match ? Number(match[1]) : undefined;
}

/** Entra's description as one short line: secrets removed from the whole text first, then its first line, then cut. */
function firstSentence(description: unknown, scrub: (text: string) => string): string {
  if (typeof description !== "string") return "";
  const line = scrub(description)
    .split(/\r?\n/)[0]!
    .slice(0, 4 * DESCRIPTION_LIMIT)
    .replace(/^AADSTS\d+:\s*/, "")
    .replace(FORM_DATA, "[form data removed]")
    .trim();
  return line.length > DESCRIPTION_LIMIT ? `${line.slice(0, DESCRIPTION_LIMIT)}…` : line;
}

/**
 * The error for a token request Entra ID refused. Only Entra's `error`, `error_codes` and description are used, so an
 * endpoint that echoes the request (secret, assertion) in its body shows none of it; `scrub` removes anything secret
 * from the description before it is cut.
 */
export function entraError(
  status: number,
  bodyText: string,
  tokenUrl: string,
  scrub: (text: string) => string,
): AppError {
  let body: EntraErrorBody = {};
  try {
    body = JSON.parse(bodyText) as EntraErrorBody;
  } catch {
    // Not Entra's JSON: a proxy or gateway answered. Its text is not shown: it may be the request, echoed.
    const size = Buffer.byteLength(bodyText);
    return new AppError(
      "E_AUTH",
      `token request to ${tokenUrl} failed with HTTP ${status}${size ? ` (a ${size}-byte answer that is not Entra ID's JSON error: a proxy or gateway in the way?)` : ""}`,
      undefined,
      { status, tokenUrl },
    );
  }
  if (typeof body !== "object" || body === null) body = {};
  const code = aadstsCode(body);
  const error = typeof body.error === "string" && /^[a-z_]{1,64}$/i.test(body.error) ? body.error : `HTTP ${status}`;
  const said = firstSentence(body.error_description, scrub);
  const advice = code !== undefined ? ADVICE[code] : undefined;
  const what = advice ?? (said || "see Entra ID's error code reference");
  const message = `Entra ID refused the token request (${code !== undefined ? `AADSTS${code}` : error}): ${what}${advice && said ? ` [Entra: ${said}]` : ""}`;
  return new AppError("E_AUTH", message, undefined, { status, error, aadsts: code, tokenUrl });
}
