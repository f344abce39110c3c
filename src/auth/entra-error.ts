/**
 * Entra ID's token errors as one line an operator can act on: the AADSTS code, what it means, what to change.
 * Entra's own description ends with trace and correlation IDs; only its first sentence is kept.
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

interface EntraErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/** The AADSTS number of an Entra error body: from `error_codes`, else from the description's text. */
export function aadstsCode(body: EntraErrorBody): number | undefined {
  if (Array.isArray(body.error_codes) && typeof body.error_codes[0] === "number") return body.error_codes[0];
  const match = typeof body.error_description === "string" ? /AADSTS(\d+)/.exec(body.error_description) : null;
  return match ? Number(match[1]) : undefined;
}

function firstSentence(description: unknown): string {
  if (typeof description !== "string") return "";
  return description
    .split(/\r?\n/)[0]!
    .replace(/^AADSTS\d+:\s*/, "")
    .trim();
}

/** The error for a token request Entra ID refused. `scrub` removes anything secret from text that came back. */
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
    const snippet = scrub(bodyText.slice(0, 200).replace(/\s+/g, " ").trim());
    return new AppError(
      "E_AUTH",
      `token request to ${tokenUrl} failed with HTTP ${status}${snippet ? `: ${snippet}` : ""}`,
      undefined,
      { status, tokenUrl },
    );
  }
  const code = aadstsCode(body);
  const error = typeof body.error === "string" ? body.error : `HTTP ${status}`;
  const said = scrub(firstSentence(body.error_description));
  const advice = code !== undefined ? ADVICE[code] : undefined;
  const what = advice ?? (said || "see Entra ID's error code reference");
  const message = `Entra ID refused the token request (${code !== undefined ? `AADSTS${code}` : error}): ${what}${advice && said ? ` [Entra: ${said}]` : ""}`;
  return new AppError("E_AUTH", message, undefined, { status, error, aadsts: code, tokenUrl });
}
