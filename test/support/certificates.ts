/** Self-signed RSA certificates made with openssl at test time, as an administrator would for an app registration. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CertificatePair {
  certFile: string;
  keyFile: string;
  certificatePem: string;
  keyPem: string;
}

export function makeCertificate(name: string, dir = mkdtempSync(join(tmpdir(), "mdefwd-cert-"))): CertificatePair {
  const [certFile, keyFile] = [join(dir, `${name}.crt`), join(dir, `${name}.key`)];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
    ],
    {
      stdio: "ignore",
    },
  );
  return { certFile, keyFile, certificatePem: readFileSync(certFile, "utf8"), keyPem: readFileSync(keyFile, "utf8") };
}
