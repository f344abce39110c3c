import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../../src/config/config.js";
import { builtinMappings, loadConfiguredMapping, loadMapping } from "../../../src/mapping/load.js";
import { runCli } from "../../support/cli.js";
import { tempFiles } from "../../support/temp.js";

describe("loading mappings", () => {
  it("lists and loads the built-in mappings", async () => {
    expect(builtinMappings()).toEqual(expect.arrayContaining(["siem-cef", "siem-leef"]));
    expect((await loadMapping("builtin:siem-leef")).format).toBe("leef");
  });

  it("names the built-in mappings when one is unknown", async () => {
    await expect(loadMapping("builtin:siem-cfe")).rejects.toMatchObject({ code: "E_MAPPING", exitCode: 2 });
    await expect(loadMapping("builtin:siem-cfe")).rejects.toThrow(
      'unknown built-in mapping "builtin:siem-cfe" (did you mean "siem-cef"?): the built-in mappings are builtin:alerts-cef, builtin:alerts-leef, builtin:graph-cef, builtin:graph-leef, builtin:incidents-cef, builtin:incidents-leef, builtin:siem-cef, builtin:siem-leef',
    );
  });

  it("loads a mapping file by path and says when it cannot be read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mapping-"));
    const file = join(dir, "mine.yaml");
    await writeFile(file, "format: json\nsource: siem\nfields:\n  id: FullId\n");
    const mapping = await loadMapping(file);
    expect(mapping.encode({ FullId: "a:b" }, 100).text).toBe('{"id":"a:b"}');
    await expect(loadMapping(join(dir, "missing.yaml"))).rejects.toThrow(
      `${join(dir, "missing.yaml")}: cannot read the file (ENOENT)`,
    );
  });

  it("refuses a mapping for another source than the configured one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mapping-"));
    const file = join(dir, "alerts.yaml");
    await writeFile(file, "format: json\nsource: alerts\n");
    const mappingAt = { line: 12, column: 10 };
    const source = { api: "siem" };
    const config = {
      file: "/etc/mde.yaml",
      mapping: file,
      mappingAt,
      source,
      tenants: [{ name: "default", source }],
    } as Config;
    await expect(loadConfiguredMapping(config)).rejects.toMatchObject({
      code: "E_CONFIG",
      exitCode: 2,
      message: `/etc/mde.yaml:12:10 mapping: ${file} reads records of the alerts API, but source.api is siem: use builtin:siem-cef or builtin:siem-leef, or a mapping file with source: siem`,
    });
  });

  it("names the line of the configuration that names the other API's mapping", async () => {
    const dir = tempFiles({
      "c.yaml": `source:
  api: graph
  tenantId: contoso.onmicrosoft.com
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
mapping: builtin:siem-leef
output:
  transport: tcp
  host: siem.example.com
`,
    });
    const { code, stdout, stderr } = await runCli(["check", "-c", join(dir, "c.yaml")], { MDE_CLIENT_SECRET: "s" });
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr: `${join(dir, "c.yaml")}:6:1 mapping: builtin:siem-leef reads records of the siem API, but source.api is graph: use builtin:graph-cef or builtin:graph-leef, or a mapping file with source: graph\n`,
    });
  });

  it("names the tenant whose API the mapping does not read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mapping-"));
    const file = join(dir, "graph.yaml");
    await writeFile(file, "format: json\nsource: graph\n");
    const [graph, alerts] = [{ api: "graph" }, { api: "alerts" }];
    const tenants = [
      { name: "contoso", source: graph },
      { name: "fabrikam", source: alerts },
    ];
    const config = { file: "/etc/mde.yaml", mapping: file, source: graph, tenants, multiTenant: true } as Config;
    await expect(loadConfiguredMapping(config)).rejects.toMatchObject({
      code: "E_CONFIG",
      message: `/etc/mde.yaml mapping: ${file} reads records of the graph API, but the api of tenant fabrikam is alerts: use builtin:alerts-cef or builtin:alerts-leef, or a mapping file with source: alerts`,
    });
  });
});
