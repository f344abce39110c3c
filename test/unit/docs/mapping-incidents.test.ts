/** docs/mapping.md's table of the incident mappings' keys against the built-in mapping files. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const section = (() => {
  const text = readFileSync(new URL("../../../docs/mapping.md", import.meta.url), "utf8");
  return text.split("### The built-in mappings' keys")[1]?.split("\n## ")[0] ?? "";
})();

describe("docs/mapping.md, Incidents", () => {
  it.each(["incidents-cef", "incidents-leef"])("names every key of builtin:%s", (name) => {
    const file = readFileSync(new URL(`../../../mappings/${name}.yaml`, import.meta.url), "utf8");
    const keys = Object.keys((parse(file) as { fields: object }).fields);
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) expect([key, section.includes(`\`${key}\``)]).toEqual([key, true]);
  });
});
