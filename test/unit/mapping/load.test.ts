import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../../src/config/config.js";
import { builtinMappings, loadConfiguredMapping, loadMapping } from "../../../src/mapping/load.js";

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
    const source = { api: "siem" };
    const config = { file: "/etc/mde.yaml", mapping: file, source, tenants: [{ name: "default", source }] } as Config;
    await expect(loadConfiguredMapping(config)).rejects.toMatchObject({
      code: "E_CONFIG",
      message: `/etc/mde.yaml: mapping ${file} reads records of source alerts, but source.api is siem: choose a mapping for siem`,
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
      message: `/etc/mde.yaml: mapping ${file} reads records of source graph, but the api of tenant fabrikam is alerts: choose a mapping for alerts`,
    });
  });
});
