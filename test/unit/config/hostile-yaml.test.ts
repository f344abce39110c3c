/**
 * Hostile configuration and mapping files: an alias bomb and tens of thousands of mistakes are configuration errors
 * (exit 2) reported in a few located lines, not an internal error or a flood. How fast: docs/security.md.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_REPORTED_PROBLEMS } from "../../../src/errors.js";
import { runCli } from "../../support/cli.js";
import { tempDir } from "../../support/temp.js";

const CONFIG = `source:
  api: siem
  tenantId: 11111111-2222-3333-4444-555555555555
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
  region: eu
output:
  transport: tcp
  host: 127.0.0.1
`;
const MAPPING = `format: cef
source: siem
header:
  vendor: Microsoft
  product: Defender
  version: "1"
  eventId: Category
  name: AlertTitle
  severity: Severity
fields:
  cs1: { field: ThreatName, label: Threat }
`;
const ENV = { MDE_CLIENT_SECRET: "s3cret" };

/** "Billion laughs": ten anchors, each a list of ten aliases of the one before (10^10 values once expanded). */
const BOMB = [
  "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ...Array.from({ length: 9 }, (_, i) => `lol${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(", ")}]`),
].join("\n");
/** Where the bomb multiplies most: the first alias of its last line. */
const BOMB_AT = { line: 10, column: 12, alias: "*a8" };

describe("a YAML alias bomb", () => {
  const dir = tempDir();

  it("in a configuration file is a located E_CONFIG, exit 2", async () => {
    const file = join(dir, "bomb-config.yaml");
    writeFileSync(file, `${BOMB}\n${CONFIG}`);
    expect(await runCli(["check", "-c", file], ENV)).toEqual({
      code: 2,
      stdout: "",
      stderr: `${file}:${BOMB_AT.line}:${BOMB_AT.column} invalid YAML: the alias ${BOMB_AT.alias} expands to too many values (an alias bomb?)\n`,
    });
  });

  it("in a mapping file is a located E_MAPPING, exit 2", async () => {
    const file = join(dir, "bomb-mapping.yaml");
    writeFileSync(file, `${BOMB}\n${MAPPING}`);
    expect(await runCli(["preview", "-m", file])).toEqual({
      code: 2,
      stdout: "",
      stderr: `${file}:${BOMB_AT.line}:${BOMB_AT.column} invalid YAML: the alias ${BOMB_AT.alias} expands to too many values (an alias bomb?)\n`,
    });
  });

  it("leaves a few ordinary aliases alone", async () => {
    const file = join(dir, "aliases.yaml");
    const aliased = CONFIG.replace("tenantId: ", "tenantId: &guid ").replace(/clientId: .*/, "clientId: *guid");
    writeFileSync(file, `${aliased}state:\n  dir: ${dir}\n`);
    const { code, stderr } = await runCli(["check", "-c", file], ENV);
    expect([code, stderr]).toEqual([0, ""]);
  });
});

describe("a file with thousands of mistakes", () => {
  const dir = tempDir();

  it(`reports 40,000 unknown keys as the first ${MAX_REPORTED_PROBLEMS} in file order and a count`, async () => {
    const file = join(dir, "keys.yaml");
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: 1\n`).join("");
    writeFileSync(file, CONFIG + keys);
    const { code, stdout, stderr } = await runCli(["check", "-c", file], ENV);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr.trimEnd().split("\n")).toEqual([
      ...Array.from({ length: MAX_REPORTED_PROBLEMS }, (_, i) => `${file}:${10 + i}:1 k${i}: unknown key`),
      `… and ${40_000 - MAX_REPORTED_PROBLEMS} more problems in ${file}`,
    ]);
  });

  it("reports duplicate keys each at its line, in a mapping as well", async () => {
    const file = join(dir, "duplicates.yaml");
    const fields = Array.from({ length: 30 }, (_, i) => `  cs1: { field: ThreatName, label: T${i} }\n`).join("");
    writeFileSync(file, MAPPING + fields);
    const { code, stderr } = await runCli(["preview", "-m", file]);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toEqual([
      ...Array.from(
        { length: MAX_REPORTED_PROBLEMS },
        (_, i) =>
          `${file}:${12 + i}:3 fields.cs1: given twice (first at line 11): keep one, with the settings you need from both`,
      ),
      `… and ${30 - MAX_REPORTED_PROBLEMS} more problems in ${file}`,
    ]);
  });
});
