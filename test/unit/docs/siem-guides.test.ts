/**
 * The SIEM guides against the code: the generated tables are current, each QRadar regular expression extracts exactly
 * the value of its key from real `preview` output (hostile samples included) and nothing from inside another value,
 * and every custom CEF key of every built-in mapping is documented for ArcSight.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { csvOf, GUIDE_TABLES, leefPropertyTable, rowsIn } from "../../../scripts/guide-tables.js";
import { cefKey } from "../../../src/formats/cef/dictionary.js";
import { loadMapping } from "../../../src/mapping/load.js";
import { perEvidence } from "../../../src/sources/shared/evidence.js";
import { SOURCES, sourceNamed } from "../../../src/sources/registry.js";
import { DETECTIONS } from "../../../src/simulator/catalogue.js";
import { decodeLeef } from "../../support/leef-decoder.js";

const MAPPINGS = new URL("../../../mappings/", import.meta.url);
const builtins = (format: string) =>
  readdirSync(MAPPINGS)
    .filter((f) => f.endsWith(`-${format}.yaml`))
    .map((f) => f.slice(0, -".yaml".length));
const fieldsOf = (name: string) =>
  Object.keys((parse(readFileSync(new URL(`${name}.yaml`, MAPPINGS), "utf8")) as { fields: object }).fields);
const doc = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), "utf8");

describe.each(GUIDE_TABLES().map((t) => [t.name, t] as const))("the generated %s table", (_name, table) => {
  it("is what npm run gen:guide-tables writes from the code", () => {
    expect(rowsIn(readFileSync(table.doc, "utf8"), table.name)).toEqual(table.rows);
  });
});

describe("the QRadar regular expressions", () => {
  const regexes = new Map(leefPropertyTable().rows.map(([key, regex]) => [key!.slice(1, -1), regex!.slice(1, -1)]));
  /** What QRadar receives: a syslog header, then the event exactly as `preview` prints it. */
  const payload = (event: string) => `<134>1 2024-01-15T08:30:05.123Z fwd-01 mde-forwarder - - - ${event}`;

  it.each(builtins("leef"))("extract each key of builtin:%s from every sample, whole or per evidence", async (name) => {
    const mapping = await loadMapping(`builtin:${name}`);
    const source = sourceNamed(mapping.source);
    const records = source.samples.flatMap((sample) => {
      const record = source.prepare?.(sample) ?? sample;
      return [record, ...perEvidence({ record, identity: "x", time: new Date(0) }).map((p) => p.record)];
    });
    for (const record of records) {
      const event = mapping.encode(record, 8192).text;
      const { attributes } = decodeLeef(event);
      for (const key of fieldsOf(name)) {
        const regex = regexes.get(key);
        expect([key, regex === undefined]).toEqual([key, false]);
        const got = new RegExp(regex!).exec(payload(event))?.[1];
        expect([key, got]).toEqual([key, attributes[key]]);
      }
    }
  });

  it("cannot be fooled by a value that spells out another key", async () => {
    const mapping = await loadMapping("builtin:graph-leef");
    const spoof = "x\tStatus=resolved |Status=resolved Status=resolved";
    const event = mapping.encode({ ...sourceNamed("graph").samples[0], description: spoof, status: "new" }, 8192).text;
    expect(new RegExp(regexes.get("Status")!).exec(payload(event))?.[1]).toBe("new");
  });
});

describe("the event classes of the QID map and the ArcSight categorization file", () => {
  const qids = csvOf("qradar/defender-qid-map.csv").rows.map(([id]) => id);
  const categorized = csvOf("arcsight/microsoft_defender_atp.csv").rows.map(([id]) => id);

  it("are the same in both files", () => expect(categorized).toEqual(qids));

  it("cover every category of the samples and of the simulated tenant, and Defender-Unknown", () => {
    const categories = [
      ...SOURCES.flatMap((s) => s.samples.map((r) => r.Category ?? r.category)),
      ...DETECTIONS.map((d) => d.category),
    ].filter((c): c is string => typeof c === "string" && c.trim() !== "");
    for (const id of [...new Set(categories)].map((c) => `Defender-${c}`)) expect(qids).toContain(id);
    expect(qids).toContain("Defender-Unknown");
  });
});

describe("docs/arcsight.md", () => {
  const section = doc("arcsight.md").split("## Every custom key")[1]?.split("\n## ")[0] ?? "";

  it.each(builtins("cef"))("documents every custom key of builtin:%s", (name) => {
    const custom = fieldsOf(name).filter((key) => cefKey(key) === undefined);
    expect(custom.length).toBeGreaterThan(0);
    for (const key of custom) expect([key, section.includes(`\`${key}\``)]).toEqual([key, true]);
  });
});
