/** Every stable error code the source can raise is documented in docs/errors.md, and nothing documented is stale. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const codesIn = (text: string) => new Set(text.match(/\bE_[A-Z_]+\b/g) ?? []);

describe("docs/errors.md", () => {
  const source = readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
    .join("\n");
  const raised = [...codesIn(source.match(/"E_[A-Z_]+"/g)?.join(" ") ?? "")];
  const documented = codesIn(readFileSync(join(root, "docs/errors.md"), "utf8"));

  it("lists every code the source raises", () => {
    expect(raised.filter((code) => !documented.has(code))).toEqual([]);
  });

  it("lists no code the source no longer raises", () => {
    expect([...documented].filter((code) => !raised.includes(code))).toEqual([]);
  });
});
