/** Warnings of a configuration that works but contradicts itself or shows a secret: shown by check, logged at start. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/config/load.js";
import { formatProblem } from "../../../src/errors.js";
import { runCli } from "../../support/cli.js";

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
