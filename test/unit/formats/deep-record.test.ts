/**
 * A record nested 200,000 levels deep, rendered whole by a JSON mapping without fields: JSON.stringify cannot go that
 * deep, so the deep member is written 64 levels deep and noted as shortened; the record is delivered, not lost.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";
import { tempDir } from "../../support/temp.js";

const DEPTH = 200_000;

describe("a record nested 200,000 levels deep, as whole-record JSON", () => {
  const dir = tempDir();

  it("is delivered with the deep member cut in depth, and noted", async () => {
    const mapping = join(dir, "whole.yaml");
    writeFileSync(mapping, "format: json\nsource: siem\nheader:\n  severity: Severity\n");
    const records = join(dir, "deep.json");
    // Written as text: building it with JSON.stringify would fail the same way.
    const deep = `${"[".repeat(DEPTH)}"bottom"${"]".repeat(DEPTH)}`;
    writeFileSync(records, `[{"AlertTitle":"deep","Severity":"High","Deep":${deep},"After":"kept"}]`);

    const { code, stdout, stderr } = await runCli(["preview", "-m", mapping, records, "--max-bytes", "1048576"]);
    expect([code, stderr]).toEqual([0, "note: message 1: shortened Deep\n"]);
    const message = JSON.parse(stdout) as Record<string, unknown>;
    expect(message).toMatchObject({ AlertTitle: "deep", Severity: "High", After: "kept" });
    let level = message.Deep;
    let depth = 0;
    while (Array.isArray(level)) [level, depth] = [level[0], depth + 1];
    expect([depth, level]).toEqual([64, "…"]);
  });
});

describe("a mapped value nested 200,000 levels deep", () => {
  const dir = tempDir();
  const deep = `${"[".repeat(DEPTH)}"bottom"${"]".repeat(DEPTH)}`;

  it.each([
    [
      "cef",
      "header:\n  vendor: V\n  product: P\n  version: '1'\n  signatureId: { value: X }\n  name: { value: N }\n" +
        "  severity: { value: 5 }\n",
      "cs1",
    ],
    ["json", "", "Category"],
  ])("is written cut in depth by %s and noted under its key", async (format, header, key) => {
    const mapping = join(dir, `${format}.yaml`);
    const field = format === "cef" ? "cs1: { field: Category, label: Category }" : "Category: Category";
    writeFileSync(mapping, `format: ${format}\nsource: siem\n${header}fields:\n  ${field}\n  msg: AlertTitle\n`);
    const records = join(dir, `${format}-deep.json`);
    writeFileSync(records, `[{"AlertTitle":"deep","Category":${deep}}]`);

    const { code, stdout, stderr } = await runCli(["preview", "-m", mapping, records, "--max-bytes", "1048576"]);
    expect([code, stderr]).toEqual([0, `note: message 1: shortened ${key}\n`]);
    // 64 levels kept, "…" below (quoted in CEF, escaped inside the JSON string), and the record delivered.
    expect(stdout).toMatch(/\[{64}\\?"…\\?"\]{64}/);
    expect(stdout).toContain("deep");
  });
});
