/** The built command line (`npm run build` first, as `npm test` does): preview prints exactly what a SIEM receives. */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SIEM_SAMPLES } from "../../../src/sources/siem/samples.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";

const CLI = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));
const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { encoding: "utf8" });
const lines = (text: string) => text.split("\n").slice(0, -1);

describe("node dist/cli.js preview", () => {
  it("prints strict CEF for the built-in samples with builtin:siem-cef", async () => {
    const { stdout, stderr } = await run("preview", "-m", "builtin:siem-cef");
    // The hostile sample's long values are cut to their CEF limits, and stderr says so.
    expect(stderr).toBe("note: message 3: shortened header.name, filePath, msg, cs2\n");
    expect(lines(stdout).map((l) => decodeCef(l).extension.flexString2)).toEqual(SIEM_SAMPLES.map((r) => r.FullId));
  });

  it("prints strict LEEF for a JSON file of SIEM records with builtin:siem-leef", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "preview-")), "records.json");
    await writeFile(file, JSON.stringify(SIEM_SAMPLES));
    const { stdout } = await run("preview", "-m", "builtin:siem-leef", file);
    expect(lines(stdout).map((l) => decodeLeef(l).attributes.FullId)).toEqual(SIEM_SAMPLES.map((r) => r.FullId));
  });

  it("exits 2 with a located message for a bad mapping", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "preview-")), "bad.yaml");
    await writeFile(
      file,
      "format: cef\nsource: siem\nheader: { vendor: V, product: P, version: '1', signatureId: Category, name: AlertTitel, severity: Severity }\n",
    );
    await expect(run("preview", "-m", file)).rejects.toMatchObject({
      code: 2,
      stdout: "",
      stderr: `${file}:3:71 header.name: unknown field "AlertTitel" of source siem (did you mean "AlertTitle"?)\n`,
    });
  });
});
