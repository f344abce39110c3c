/**
 * Test certificates made with `openssl` at test time: a CA; a server certificate for localhost, 127.0.0.1 and ::1;
 * a client certificate (mutual TLS); and refusals: an unrelated CA, an expired and a wrong-name server certificate,
 * and a client certificate from the unrelated CA.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** PEM file paths. Each certificate `x.pem` has its key `x.key` beside it. */
export interface TestCerts {
  dir: string;
  ca: string;
  server: { cert: string; key: string };
  client: { cert: string; key: string };
  /** A CA that signed none of these. */
  otherCa: string;
  expired: { cert: string; key: string };
  /** Valid and signed by `ca`, but only for wrong.example. */
  wrongName: { cert: string; key: string };
  /** A client certificate signed by `otherCa`, which the receiver does not trust. */
  untrustedClient: { cert: string; key: string };
}

const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

async function selfSignedCa(dir: string, name: string): Promise<string> {
  const cert = join(dir, `${name}.pem`);
  await run("openssl", [
    "req",
    "-x509",
    ...KEY,
    "-keyout",
    join(dir, `${name}.key`),
    "-out",
    cert,
    "-days",
    "2",
    "-subj",
    `/CN=mde-forwarder test ${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return cert;
}

/** A certificate signed by the CA `issuer` in `dir`; `days` -1 makes one that has already expired. */
async function leaf(
  dir: string,
  name: string,
  subjectAltName: string,
  days: number,
  issuer = "ca",
): Promise<{ cert: string; key: string }> {
  const [cert, key, csr, ext] = ["pem", "key", "csr", "ext"].map((suffix) => join(dir, `${name}.${suffix}`)) as [
    string,
    string,
    string,
    string,
  ];
  await writeFile(
    ext,
    `subjectAltName=${subjectAltName}\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n`,
  );
  await run("openssl", ["req", "-new", ...KEY, "-keyout", key, "-out", csr, "-subj", `/CN=${name}`]);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    join(dir, `${issuer}.pem`),
    "-CAkey",
    join(dir, `${issuer}.key`),
    "-set_serial",
    String(Date.now() + Math.floor(Math.random() * 1000)),
    "-days",
    String(days),
    "-extfile",
    ext,
    "-out",
    cert,
  ]);
  return { cert, key };
}

export async function makeCerts(dir?: string): Promise<TestCerts> {
  const at = dir ?? (await mkdtemp(join(tmpdir(), "mdefwd-certs-")));
  const [ca, otherCa] = await Promise.all([selfSignedCa(at, "ca"), selfSignedCa(at, "other-ca")]);
  const [server, client, expired, wrongName, untrustedClient] = await Promise.all([
    leaf(at, "server", "DNS:localhost,IP:127.0.0.1,IP:::1", 2),
    leaf(at, "client", "DNS:client.test", 2),
    leaf(at, "expired", "DNS:localhost,IP:127.0.0.1,IP:::1", -1),
    leaf(at, "wrong-name", "DNS:wrong.example", 2),
    leaf(at, "untrusted-client", "DNS:client.test", 2, "other-ca"),
  ]);
  return { dir: at, ca, server, client, otherCa, expired, wrongName, untrustedClient };
}
