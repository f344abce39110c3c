/** Warnings of a configuration that works but contradicts itself or shows a secret: shown by check, logged at start. */
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/config/load.js";
import { formatProblem } from "../../../src/errors.js";
import { runCli } from "../../support/cli.js";
import { tempDir } from "../../support/temp.js";

const TENANT = "11111111-2222-3333-4444-555555555555";
const OTHER = "99999999-8888-7777-6666-555555555555";

const yaml = (secretLine: string, extra = "") => `source:
  api: graph
  tenantId: ${TENANT}
  clientId: 00000000-0000-0000-0000-000000000000
${secretLine}
${extra}
output:
  transport: stdout
`;

const warningsOf = async (text: string, env: NodeJS.ProcessEnv = {}) =>
  (await loadConfigText("/etc/mde-forwarder/config.yaml", text, env)).warnings.map(formatProblem);

describe("configuration warnings", () => {
  it("a client secret written in the file itself", async () => {
    expect(await warningsOf(yaml("  clientSecret: s3cr3t-value"))).toEqual([
      "/etc/mde-forwarder/config.yaml:5:3 source.clientSecret: the client secret is written in the configuration " +
        "file itself: anyone who reads the file has it; use ${VARIABLE}, source.clientSecretFile or a systemd credential",
    ]);
  });

  it("none for a secret from ${VAR}, even with a default", async () => {
    expect(await warningsOf(yaml("  clientSecret: ${MDE_SECRET}"), { MDE_SECRET: "x" })).toEqual([]);
    expect(await warningsOf(yaml("  clientSecret: ${MDE_SECRET:-fallback}"))).toEqual([]);
  });

  it("a tokenUrl naming another tenant than tenantId", async () => {
    const tokenUrl = `  tokenUrl: https://login.microsoftonline.com/${OTHER}/oauth2/v2.0/token`;
    expect(await warningsOf(yaml("  clientSecret: ${S:-x}", tokenUrl))).toEqual([
      `/etc/mde-forwarder/config.yaml:6:3 source.tokenUrl: names tenant ${OTHER}, but source.tenantId is ${TENANT}: ` +
        `tokens come from ${OTHER}; correct one of them`,
    ]);
  });

  it("none for a tokenUrl of the same tenant, in another case, or one that names a domain", async () => {
    const same = `  tokenUrl: https://login.microsoftonline.com/${TENANT.toUpperCase()}/oauth2/v2.0/token`;
    const domain = "  tokenUrl: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
    expect(await warningsOf(yaml("  clientSecret: ${S:-x}", same))).toEqual([]);
    expect(await warningsOf(yaml("  clientSecret: ${S:-x}", domain))).toEqual([]);
  });

  it("check prints them, and still exits 0", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "mdefwd-warn-")), "config.yaml");
    const tokenUrl = `  tokenUrl: https://login.microsoftonline.com/${OTHER}/oauth2/v2.0/token`;
    writeFileSync(file, yaml("  clientSecret: literal-secret", tokenUrl));
    const result = await runCli(["check", "-c", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`warning: ${file}:5:3 source.clientSecret: the client secret is written`);
    expect(result.stdout).toContain(`warning: ${file}:6:3 source.tokenUrl: names tenant ${OTHER}`);
    expect(result.stdout).not.toContain("literal-secret");
  });
});

describe("TLS verification off", () => {
  const tls = (settings: string) =>
    yaml("  clientSecret: ${S:-x}").replace(
      "transport: stdout",
      `transport: tls\n  host: 127.0.0.1\n  tls:\n${settings}`,
    );
  const OFF =
    "output.tls.rejectUnauthorized: certificate verification is off: anyone on the path to the receiver can pose as " +
    "it and read every alert; give the CA that signed its certificate as tls.ca instead";

  it("warns at the key that switches it off", async () => {
    expect(await warningsOf(tls("    rejectUnauthorized: false\n"))).toEqual([
      `/etc/mde-forwarder/config.yaml:11:5 ${OFF}`,
    ]);
  });

  it("says nothing when it is on, by default or said so", async () => {
    expect(await warningsOf(tls("    serverName: siem.example\n"))).toEqual([]);
    expect(await warningsOf(tls("    rejectUnauthorized: true\n"))).toEqual([]);
  });
});

describe("secret files others may read", () => {
  const dir = tempDir();
  const file = (name: string, mode: number, content = "user:s3cret\n") => {
    const path = join(dir, name);
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  };
  const fix = "chmod 600 it, or give it as a systemd credential (LoadCredential=)";

  it("warns for the client secret, the proxy's credentials and the TLS client key, each at its key", async () => {
    const secret = file("client-secret", 0o644);
    const proxy = file("proxy", 0o640);
    const key = file("tls.key", 0o604);
    const cert = file("tls.crt", 0o644, "not a secret\n");
    const text = yaml(
      `  clientSecretFile: ${secret}`,
      `  proxy: http://proxy.example:3128\n  proxyCredentialsFile: ${proxy}`,
    ).replace("transport: stdout", `transport: tls\n  host: 127.0.0.1\n  tls:\n    cert: ${cert}\n    key: ${key}`);
    expect(await warningsOf(text)).toEqual([
      `/etc/mde-forwarder/config.yaml:5:3 source.clientSecretFile: ${secret} holds the client secret and is readable by its group and every user (mode 0644): ${fix}`,
      `/etc/mde-forwarder/config.yaml:7:3 source.proxyCredentialsFile: ${proxy} holds the proxy's password and is readable by its group (mode 0640): ${fix}`,
      `/etc/mde-forwarder/config.yaml:13:5 output.tls.key: ${key} holds the TLS client's private key and is readable by every user (mode 0604): ${fix}`,
    ]);
  });

  it("warns for the certificate credential's private key, not for its certificate", async () => {
    const key = file("app.key", 0o644);
    const cert = file("app.crt", 0o644, "not a secret\n");
    const text = yaml(`  certificate:\n    certFile: ${cert}\n    keyFile: ${key}`);
    // The files are not a usable pair: that is found when a token is asked for, not by the configuration.
    expect(await warningsOf(text)).toEqual([
      `/etc/mde-forwarder/config.yaml:7:5 source.certificate.keyFile: ${key} holds the certificate's private key and is readable by its group and every user (mode 0644): ${fix}`,
    ]);
  });

  it("says nothing for files only their owner may read", async () => {
    const secret = file("owner-only", 0o600);
    const readOnly = file("read-only", 0o400);
    expect(await warningsOf(yaml(`  clientSecretFile: ${secret}`))).toEqual([]);
    expect(await warningsOf(yaml(`  clientSecretFile: ${readOnly}`))).toEqual([]);
  });
});
