/**
 * `tenants:`: each tenant is `source:` with its own keys laid over; a problem is reported where its key was written
 * (the tenant's entry, or `source:` for a key it inherits), once, with file, line and key, exit 2 through `check`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/config/load.js";
import { FileProblemsError } from "../../../src/errors.js";
import { runCli } from "../../support/cli.js";
import { tempDir } from "../../support/temp.js";

const SECRET = "Sup3r-S3cret-Value";
const OTHER_SECRET = "An0ther-S3cret";
const ENV = { MDE_CLIENT_SECRET: SECRET, FABRIKAM_SECRET: OTHER_SECRET };

const YAML = `source:
  api: graph
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
  lookback: PT1H
tenants:
  - name: contoso
    tenantId: 11111111-1111-1111-1111-111111111111
  - name: fabrikam
    tenantId: fabrikam.onmicrosoft.com
    clientId: 22222222-2222-2222-2222-222222222222
    clientSecret: \${FABRIKAM_SECRET}
    lookback: PT3H
    query:
      severity: high
output:
  transport: tcp
  host: siem.example.com
`;

const guid = (i: number) => `6f0d1c9e-0000-4000-8000-${String(i).padStart(12, "0")}`;
const load = (yaml: string) => loadConfigText("/etc/mde/c.yaml", yaml, ENV);

async function problems(yaml: string): Promise<string[]> {
  const err = await load(yaml).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FileProblemsError);
  return (err as FileProblemsError).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
}

describe("tenants: configuration", () => {
  it("lays each tenant's keys over source:", async () => {
    const config = await load(YAML);
    expect(config.multiTenant).toBe(true);
    expect(config.concurrency).toBe(16);
    const [contoso, fabrikam] = config.tenants;
    expect(contoso).toMatchObject({
      name: "contoso",
      source: { api: "graph", tenantId: "11111111-1111-1111-1111-111111111111", lookback: 3_600_000 },
    });
    expect(contoso!.source.clientId).toBe("66666666-7777-8888-9999-000000000000");
    expect(fabrikam).toMatchObject({
      name: "fabrikam",
      source: { tenantId: "fabrikam.onmicrosoft.com", clientId: "22222222-2222-2222-2222-222222222222" },
    });
    expect(fabrikam!.source.lookback).toBe(3 * 3_600_000);
    expect(fabrikam!.source.query).toMatchObject({ severity: ["high"] });
    expect(contoso!.source.query).toMatchObject({ severity: [] });
    const secrets = config.tenants.map((t) =>
      t.source.credential.kind === "secret" ? t.source.credential.secret : undefined,
    );
    expect(secrets.map((s) => s?.reveal())).toEqual([SECRET, OTHER_SECRET]);
    expect(config.mapping).toBe("builtin:graph-cef");
  });

  it("without tenants:, the one tenant is source:, named default", async () => {
    const single = YAML.replace(/^tenants:[\s\S]*?(?=^output:)/m, "").replace(
      "  lookback: PT1H\n",
      "  lookback: PT1H\n  tenantId: 11111111-1111-1111-1111-111111111111\n",
    );
    const config = await load(single);
    expect(config.multiTenant).toBe(false);
    expect(config.tenants).toEqual([{ name: "default", source: config.source }]);
  });

  it("reports a tenant's own key at the tenant's entry, an inherited one at source:", async () => {
    expect(await problems(YAML.replace("lookback: PT3H", "lookback: soon"))).toEqual([
      '13:5 tenants[1].lookback: expected an ISO 8601 duration such as PT10M or PT2H, got "soon"',
    ]);
    // Inherited by both tenants: one problem, at source:.
    expect(await problems(YAML.replace("lookback: PT1H", "lookback: later"))).toEqual([
      '5:3 source.lookback: expected an ISO 8601 duration such as PT10M or PT2H, got "later"',
    ]);
  });

  it("reports a key missing from a tenant and from source: at the tenant", async () => {
    expect(await problems(YAML.replace("    tenantId: 11111111-1111-1111-1111-111111111111\n", ""))).toEqual([
      expect.stringMatching(/^7:5 tenants\[0\]\.tenantId: missing/),
    ]);
  });

  it("rejects an unknown key in a tenant, bad and repeated names", async () => {
    expect(await problems(YAML.replace("    lookback: PT3H\n", "    lookbak: PT3H\n"))).toEqual([
      '13:5 tenants[1].lookbak: unknown key (did you mean "lookback"?)',
    ]);
    expect(await problems(YAML.replace("name: fabrikam", "name: Fabrikam_Ltd"))).toEqual([
      '9:5 tenants[1].name: expected lower-case letters, digits and hyphens, starting with a letter or digit, got "Fabrikam_Ltd"',
    ]);
    expect(await problems(YAML.replace("name: fabrikam", "name: contoso"))).toEqual([
      '9:5 tenants[1].name: "contoso" names another tenant already',
    ]);
  });

  it("rejects a tenants: that is not a list of tenants with one problem, not the keys its tenants would set", async () => {
    const replaced = (text: string) => YAML.replace(/^tenants:[\s\S]*?(?=^output:)/m, text);
    expect(await problems(replaced("tenants: []\n"))).toEqual([
      "6:1 tenants: expected at least one tenant, or no tenants key for a single tenant",
    ]);
    expect(await problems(replaced("tenants:\n"))).toEqual([
      "6:1 tenants: expected a list of tenants, each with a name and a tenantId",
    ]);
    expect(await problems(replaced("tenants: [contoso]\n"))).toEqual([
      '6:11 tenants[0]: expected a mapping, got "contoso"',
    ]);
    // A problem of source: itself is still reported beside it.
    expect(await problems(replaced("tenants: []\n").replace("lookback: PT1H", "lookback: 1h"))).toEqual([
      '5:3 source.lookback: expected an ISO 8601 duration such as PT10M or PT2H, got "1h"',
      "6:1 tenants: expected at least one tenant, or no tenants key for a single tenant",
    ]);
  });

  it("check gives tenants: [] as one line with file, line and key, exit 2", async () => {
    const file = join(tempDir(), "empty.yaml");
    writeFileSync(file, YAML.replace(/^tenants:[\s\S]*?(?=^output:)/m, "tenants: []\n"));
    const result = await runCli(["check", "-c", file], ENV);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      `${file}:6:1 tenants: expected at least one tenant, or no tenants key for a single tenant\n`,
    );
  });

  it("warns once, not once per tenant, of a readable secret file or a secret written in the file", async () => {
    const dir = tempDir();
    const secretFile = join(dir, "secret");
    writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o644 });
    const entries = (line: (i: number) => string) =>
      Array.from({ length: 500 }, (_, i) => `  - name: t${i}\n    tenantId: ${guid(i)}\n${line(i)}`).join("");
    const yaml = (line: (i: number) => string) =>
      YAML.replace("  clientSecret: ${MDE_CLIENT_SECRET}\n", "").replace(
        /^tenants:[\s\S]*?(?=^output:)/m,
        `tenants:\n${entries(line)}`,
      );
    const fileWarnings = (await load(yaml(() => `    clientSecretFile: ${secretFile}\n`))).warnings;
    expect(fileWarnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([
      `8:5 tenants[0].clientSecretFile: ${secretFile} holds the client secret and is readable by its group and every ` +
        "user (mode 0644): chmod 600 it, or give it as a systemd credential (LoadCredential=) (the same at " +
        "tenants[1].clientSecretFile, tenants[2].clientSecretFile, tenants[3].clientSecretFile, and 496 more)",
    ]);
    const inline = (await load(yaml(() => `    clientSecret: ${OTHER_SECRET}\n`))).warnings;
    expect(inline).toHaveLength(1);
    expect(inline[0]!.message).toMatch(
      /^the client secret is written in the configuration file itself: .*and 496 more\)$/,
    );
    expect(JSON.stringify(inline)).not.toContain(OTHER_SECRET);
  });

  it("check exits 2 naming file, line and key, and never echoes a secret", async () => {
    const dir = tempDir();
    const file = join(dir, "tenants.yaml");
    writeFileSync(file, YAML.replace("    tenantId: fabrikam.onmicrosoft.com\n", "    tenantId: not a tenant\n"));
    const result = await runCli(["check", "-c", file], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${file}:10:5 tenants[1].tenantId: expected a tenant ID (a GUID) or a tenant domain such as contoso.onmicrosoft.com, got "not a tenant"\n`,
    );
    expect(result.stderr).not.toContain(SECRET);
    expect(result.stderr).not.toContain(OTHER_SECRET);
  });
});
