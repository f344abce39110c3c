/**
 * A source, format or transport is one folder plus one registry line: its files import from their own folder, from
 * the modules its kind shares (the files beside the folders, or `shared/`), and from the rest of the program, never
 * from another component's folder. (The registry, beside the folders, imports each of them: that is the line.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

/** The component folder a path lies in (`transports/relp`), if any. */
function componentOf(path: string): string | undefined {
  const [kind, folder, ...rest] = relative(src, path).split(sep);
  if (!["sources", "formats", "transports"].includes(kind!) || folder === "shared" || rest.length === 0)
    return undefined;
  return `${kind}/${folder}`;
}

describe.each(["sources", "formats", "transports"])("component folders of src/%s", (kind) => {
  const files = readdirSync(join(src, kind), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));

  it("import nothing from another component's folder", () => {
    const crossings = files.flatMap((file) => {
      const own = componentOf(file);
      if (own === undefined) return [];
      const specifiers = [...readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)].map((m) => m[1]!);
      return specifiers
        .map((s) => componentOf(resolve(dirname(file), s)))
        .filter((target) => target !== undefined && target !== own)
        .map((target) => `${relative(src, file)} imports from ${target}/`);
    });
    expect(files.length).toBeGreaterThan(0);
    expect(crossings).toEqual([]);
  });
});
