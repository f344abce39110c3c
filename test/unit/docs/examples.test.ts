/** examples/: each is what `init` writes today (npm run gen:examples), and `check` accepts each. */
import { chmodSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EXAMPLES_DIR, examples } from "../../../scripts/examples.js";
import { runCli } from "../../support/cli.js";
import { tempFiles } from "../../support/temp.js";

const dir = fileURLToPath(EXAMPLES_DIR);
const credentials = tempFiles({ "client-secret": "Sup3r-S3cret-Value\n" });
chmodSync(join(credentials, "client-secret"), 0o600);

describe("examples/", () => {
  it("holds exactly what npm run gen:examples writes", () => {
    const expected = examples();
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, text] of Object.entries(expected)) expect(readFileSync(join(dir, file), "utf8")).toBe(text);
  });

  it.each(Object.keys(examples()))("%s passes check", async (file) => {
    const result = await runCli(["check", "-c", join(dir, file)], { CREDENTIALS_DIRECTORY: credentials });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).not.toContain("warning");
    expect(result.stdout).toContain(`mapping   builtin:${file.replace(/-(arcsight|qradar)\.yaml$/, "")}-`);
  });
});
