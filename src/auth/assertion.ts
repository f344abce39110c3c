/**
 * The JWT client assertion that replaces a client secret when the application has a certificate: signed with the
 * certificate's private key, PS256 with the `x5t#S256` thumbprint by default, or RS256 with the older `x5t`.
 */
import {
  X509Certificate,
  constants,
  createHash,
  createPrivateKey,
  randomUUID,
  sign,
  type KeyObject,
} from "node:crypto";
import { AppError, ExitCode } from "../errors.js";

export type Thumbprint = "x5t#S256" | "x5t";

export interface AssertionSigner {
  /** A fresh assertion for one token request. */
  assertion(nowMs: number): string;
}

/** How long an assertion is valid: Entra accepts at most ten minutes. */
const LIFETIME_SECONDS = 300;

export const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export function thumbprintOf(certificate: X509Certificate, kind: Thumbprint): string {
  return base64url(
    createHash(kind === "x5t" ? "sha1" : "sha256")
      .update(certificate.raw)
      .digest(),
  );
}

export function createAssertionSigner(options: {
  clientId: string;
  tokenUrl: string;
  certificatePem: string;
  privateKeyPem: string;
  thumbprint: Thumbprint;
}): AssertionSigner {
  const { certificate, key } = readKeyPair(options.certificatePem, options.privateKeyPem);
  const header = base64url(
    JSON.stringify({
      alg: options.thumbprint === "x5t" ? "RS256" : "PS256",
      typ: "JWT",
      [options.thumbprint]: thumbprintOf(certificate, options.thumbprint),
    }),
  );
  return {
    assertion(nowMs) {
      const now = Math.floor(nowMs / 1000);
      const claims = {
        aud: options.tokenUrl,
        iss: options.clientId,
        sub: options.clientId,
        jti: randomUUID(),
        nbf: now,
        iat: now,
        exp: now + LIFETIME_SECONDS,
      };
      const signingInput = `${header}.${base64url(JSON.stringify(claims))}`;
      return `${signingInput}.${base64url(signJwt(signingInput, key, options.thumbprint))}`;
    },
  };
}

function signJwt(input: string, key: KeyObject, thumbprint: Thumbprint): Buffer {
  const padding = thumbprint === "x5t" ? constants.RSA_PKCS1_PADDING : constants.RSA_PKCS1_PSS_PADDING;
  return sign("sha256", Buffer.from(input), { key, padding, saltLength: 32 });
}

/** A certificate that cannot be used is a configuration problem: exit code 2, like any other. */
const unusable = (message: string) => new AppError("E_AUTH_CERTIFICATE", message, ExitCode.usage);

function readKeyPair(certificatePem: string, privateKeyPem: string): { certificate: X509Certificate; key: KeyObject } {
  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (err) {
    throw unusable(`source.certificate.certFile is not a PEM certificate (${(err as Error).message})`);
  }
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw unusable("source.certificate.keyFile is not a PEM private key (an encrypted key must be decrypted first)");
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw unusable(
      `source.certificate.keyFile holds a ${key.asymmetricKeyType} key: Entra ID client assertions need an RSA key`,
    );
  }
  if (!certificate.checkPrivateKey(key)) {
    throw unusable("source.certificate.keyFile does not belong to the certificate in source.certificate.certFile");
  }
  return { certificate, key };
}
