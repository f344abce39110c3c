import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { parseRecords } from "../../../src/cli/read-records.js";
import { ALERTS_SAMPLES } from "../../../src/sources/alerts/samples.js";
import { GRAPH_SAMPLES } from "../../../src/sources/shared/graph-samples.js";
import { SIEM_SAMPLES } from "../../../src/sources/siem/samples.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { captureIo } from "../../support/io.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "preview-"));
});

async function run(...argv: string[]) {
  const { io, stdout, stderr } = captureIo();
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe("preview", () => {
  it("prints one message per built-in sample record", async () => {
    const { code, stdout, stderr } = await run("preview", "-m", "builtin:siem-cef");
    const lines = stdout.split("\n").slice(0, -1);
    // The third sample holds values longer than their CEF limits: stderr says which were cut.
    expect([code, stderr, lines.length]).toEqual([
      0,
      "note: message 3: shortened header.name, filePath, msg, cs2\n",
      SIEM_SAMPLES.length,
    ]);
    for (const line of lines) expect(() => decodeCef(line)).not.toThrow();
  });

  it("reads records from a JSON array, an API envelope and NDJSON", async () => {
    const record = { AlertTitle: "t", Category: "Malware", Severity: "Low", FullId: "a:b" };
    const files = {
      "array.json": JSON.stringify([record, record]),
      "envelope.json": JSON.stringify({ value: [record] }),
      "lines.ndjson": `${JSON.stringify(record)}\n\n${JSON.stringify(record)}\n`,
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const counts = await Promise.all(
      Object.keys(files).map(
        async (name) =>
          (await run("preview", "-m", "builtin:siem-leef", join(dir, name))).stdout.split("\n").length - 1,
      ),
    );
    expect(counts).toEqual([2, 1, 2]);
  });

  it("holds messages to --max-bytes", async () => {
    const { stdout } = await run("preview", "-m", "builtin:siem-cef", "--max-bytes", "900");
    for (const line of stdout.split("\n").slice(0, -1)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(900);
  });

  it("prints a mapping's warnings on stderr", async () => {
    const file = join(dir, "warn.yaml");
    await writeFile(
      file,
      "format: cef\nsource: siem\nheader: { vendor: V, product: P, version: '1', signatureId: Category, name: AlertTitle, severity: { value: 5 } }\nfields:\n  cs1: ThreatName\n",
    );
    const { code, stderr } = await run("preview", "-m", file);
    expect([code, stderr]).toEqual([
      0,
      `warning: ${file}:5:3 fields.cs1: cs1 has no label: ArcSight shows it only as deviceCustomString1; add label: NAME\nnote: message 3: shortened header.name\n`,
    ]);
  });

  it.each([
    [["preview"], "preview needs -m MAPPING, e.g. -m builtin:siem-cef"],
    [
      ["preview", "-m", "builtin:siem-cef", "--max-bytes", "0"],
      'preview: --max-bytes expects an integer from 1 to 1048576, got "0"',
    ],
    [
      ["preview", "-m", "builtin:nope"],
      'unknown built-in mapping "builtin:nope": the built-in mappings are builtin:alerts-cef, builtin:alerts-leef, builtin:graph-cef, builtin:graph-leef, builtin:incidents-cef, builtin:incidents-leef, builtin:siem-cef, builtin:siem-leef',
    ],
  ])("explains a usage error: %j", async (argv, message) => {
    expect(await run(...argv)).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
  });

  it.each([
    ["alerts", ALERTS_SAMPLES],
    ["graph", GRAPH_SAMPLES],
  ])("uses the built-in samples of source %s", async (source, samples) => {
    const file = join(dir, `${source}.yaml`);
    await writeFile(file, `format: json\nsource: ${source}\n`);
    const { code, stdout } = await run("preview", "-m", file);
    expect(code).toBe(0);
    expect(
      stdout
        .split("\n")
        .slice(0, -1)
        .map((line) => (JSON.parse(line) as { id: string }).id),
    ).toEqual(samples.map((r) => r.id));
  });

  it("explains a records file it cannot use", async () => {
    await writeFile(join(dir, "bad.ndjson"), '{"a":1}\n{"a":\n');
    await writeFile(join(dir, "scalar.json"), "[1]");
    expect((await run("preview", "-m", "builtin:siem-cef", join(dir, "bad.ndjson"))).stderr).toMatch(
      /bad\.ndjson: line 2 is not JSON \(.*\): expected a JSON array/,
    );
    expect((await run("preview", "-m", "builtin:siem-cef", join(dir, "scalar.json"))).stderr).toBe(
      `${join(dir, "scalar.json")}: record 1 is not a JSON object\n`,
    );
  });

  it("takes one bare JSON object as one record", () => {
    expect(parseRecords("f", '{"a":1}')).toEqual([{ a: 1 }]);
  });
});

describe("check validates the configured mapping", () => {
  const config = (mapping: string) => `source:
  api: siem
  tenantId: 00000000-0000-0000-0000-000000000000
  clientId: 00000000-0000-0000-0000-000000000000
  clientSecret: s3cret
  region: eu
mapping: ${mapping}
output:
  transport: stdout
`;

  it("says the mapping is valid and prints its warnings", async () => {
    const mapping = join(dir, "check-warn.yaml");
    await writeFile(
      mapping,
      "format: cef\nsource: siem\nheader: { vendor: V, product: P, version: '1', signatureId: Category, name: AlertTitle, severity: { value: 5 } }\nfields:\n  cn1: WasExecutingWhileDetected\n",
    );
    await writeFile(join(dir, "check.yaml"), config(mapping));
    const { code, stdout } = await run("check", "-c", join(dir, "check.yaml"));
    expect(code).toBe(0);
    expect(stdout).toContain(
      `${mapping}: mapping is valid (cef, source siem)\nwarning: ${mapping}:5:3 fields.cn1: cn1 has no label`,
    );
  });

  it("warns about a severity map key the source never sends, naming the value meant", async () => {
    const mapping = join(dir, "check-typo.yaml");
    await writeFile(
      mapping,
      "format: leef\nsource: siem\nheader: { vendor: V, product: P, version: '1', eventId: Category }\nfields:\n  sev: { field: Severity, map: { Low: 3, Hgih: 8 } }\n",
    );
    await writeFile(join(dir, "check-typo-config.yaml"), config(mapping));
    const { code, stdout } = await run("check", "-c", join(dir, "check-typo-config.yaml"));
    expect(code).toBe(0);
    expect(stdout).toContain(
      `${mapping}: mapping is valid (leef, source siem)\nwarning: ${mapping}:5:42 fields.sev.map.Hgih: "Hgih" is not a known value of Severity (did you mean "High"?)`,
    );
  });

  it("fails with the mapping's located problems", async () => {
    const mapping = join(dir, "check-bad.yaml");
    await writeFile(mapping, "format: leef\nsource: siem\n");
    await writeFile(join(dir, "check-bad-config.yaml"), config(mapping));
    expect(await run("check", "-c", join(dir, "check-bad-config.yaml"))).toEqual({
      code: 2,
      stdout: "",
      stderr: `${mapping}:1:1 header: missing; format leef needs vendor, product, version, eventId\n`,
    });
  });
});
