/**
 * Checks a JWT client assertion as Entra ID does: the thumbprint names the registered certificate, the signature
 * verifies with its public key (PS256 or RS256), and the claims are for this token endpoint, client and time.
 */
import { constants, verify, type X509Certificate } from "node:crypto";
import { thumbprintOf } from "../auth/assertion.js";

export interface AssertionExpectations {
  certificate: X509Certificate;
  clientId: string;
  /** The token endpoint URLs the assertion may be addressed to. */
  audiences: string[];
  nowMs: number;
}

const SKEW_SECONDS = 300;
const MAX_LIFETIME_SECONDS = 600;

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when the assertion is good; otherwise what is wrong with it. */
export function assertionProblem(jwt: string, expect: AssertionExpectations): string | undefined {
  const parts = jwt.split(".");
  const [header, claims] = [decodePart(parts[0]), decodePart(parts[1])];
  if (parts.length !== 3 || !header || !claims) return "the client assertion is not a signed JWT";
  if (header.alg !== "PS256" && header.alg !== "RS256")
    return `unsupported alg ${String(header.alg)}: expected PS256 or RS256`;
  const known =
    header["x5t#S256"] === thumbprintOf(expect.certificate, "x5t#S256") ||
    header.x5t === thumbprintOf(expect.certificate, "x5t");
  if (!known)
    return "the assertion's thumbprint (x5t#S256 or x5t) matches no certificate registered for the application";
  const padding = header.alg === "PS256" ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (
    !verify(
      "sha256",
      signed,
      { key: expect.certificate.publicKey, padding, saltLength: 32 },
      Buffer.from(parts[2]!, "base64url"),
    )
  ) {
    return "the assertion's signature does not verify with the registered certificate";
  }
  return claimsProblem(claims, expect);
}

function claimsProblem(c: Record<string, unknown>, expect: AssertionExpectations): string | undefined {
  const now = expect.nowMs / 1000;
  if (typeof c.aud !== "string" || !expect.audiences.includes(c.aud))
    return `aud ${JSON.stringify(c.aud)} is not this token endpoint`;
  if (c.iss !== expect.clientId || c.sub !== expect.clientId) return "iss and sub must both be the client id";
  if (typeof c.jti !== "string" || c.jti === "") return "jti is missing";
  if (typeof c.exp !== "number" || c.exp <= now - SKEW_SECONDS) return "the assertion has expired";
  if (c.exp > now + MAX_LIFETIME_SECONDS + SKEW_SECONDS) return "exp is more than 10 minutes ahead";
  if (typeof c.nbf === "number" && c.nbf > now + SKEW_SECONDS) return "the assertion is not valid yet (nbf)";
  return undefined;
}
