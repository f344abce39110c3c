/**
 * `node dist/cli.js preview` with the Alerts API and Graph mappings, on the simulated tenant's alerts as the sources
 * read them (life cycles, evidence, hostile command lines): every message is strict CEF or LEEF and carries the alert
 * and its tenant, whole at 8192 bytes.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSource } from "../../../src/sources/registry.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";
import { modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const CLI = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const lines = (text: string) => text.split("\n").slice(0, -1);
const NOW = Date.parse("2024-05-01T12:00:00Z");
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 6 * 3_600_000, seed: 4, rateLimits: false });
  dir = await mkdtemp(join(tmpdir(), "preview-modern-"));
});
afterAll(() => sim.close());

/** The simulator's alerts of the last six hours as the source reads them, written as an API response file. */
async function recordsFile(
  api: "alerts" | "graph",
  messagePer: "alert" | "evidence",
): Promise<{ file: string; records: Record<string, unknown>[] }> {
  const config = modernConfigFor(sim, api, { messagePer });
  const fetched = await createSource(config, sourceDeps(config, testDeps(sim))).fetch({
    since: new Date(NOW - 6 * 3_600_000),
    until: new Date(NOW),
  });
  const records = fetched.map((r) => r.record);
  const file = join(dir, `${api}-${messagePer}.json`);
  await writeFile(file, JSON.stringify({ value: records }));
  return { file, records };
}

const TENANT = { alerts: "aadTenantId", graph: "tenantId" } as const;
const FIRST = { alerts: "firstEventTime", graph: "firstActivityDateTime" } as const;
const CREATED = { alerts: "alertCreationTime", graph: "createdDateTime" } as const;

describe.each(["alerts", "graph"] as const)("preview of the simulated tenant's %s alerts", (api) => {
  it(`builtin:${api}-cef: one strict CEF message per alert, carrying its id, title, version and evidence`, async () => {
    const { file, records } = await recordsFile(api, "alert");
    expect(records.length).toBeGreaterThan(300);
    const { stdout, stderr } = await run("preview", "-m", `builtin:${api}-cef`, file);
    expect(stderr).toBe("");
    const decoded = lines(stdout).map((l) => decodeCef(l));
    expect(decoded.map((d) => d.extension.externalId)).toEqual(records.map((r) => r.id));
    expect(decoded.map((d) => d.name)).toEqual(records.map((r) => r.title));
    const updated = api === "alerts" ? "lastUpdateTime" : "lastUpdateDateTime";
    expect(decoded.map((d) => d.extension.flexString2)).toEqual(
      records.map((r) => `${String(r.id)}@${String(r[updated])}`),
    );
    expect(decoded.every((d) => ["1", "3", "5", "8"].includes(d.severity) && d.extension.shost !== undefined)).toBe(
      true,
    );
    expect(decoded.filter((d) => d.extension.cs2 !== undefined).length).toBeGreaterThan(records.length / 2);
    expect(new Set(decoded.map((d) => d.extension.AlertStatus?.toLowerCase()))).toEqual(
      new Set(["new", "inprogress", "resolved"]),
    );
    // The tenant in every message; each version dated by its update (rt, end), the activity's start in ArcSight's
    // own start, the creation in its own slot.
    expect(decoded.map((d) => d.extension.TenantId)).toEqual(records.map((r) => r[TENANT[api]]));
    const ms = (time: unknown) => String(Date.parse(String(time)));
    expect(
      decoded.map((d) => [d.extension.rt, d.extension.end, d.extension.start, d.extension.deviceCustomDate2]),
    ).toEqual(records.map((r) => [ms(r[updated]), ms(r[updated]), ms(r[FIRST[api]]), ms(r[CREATED[api]])]));
    if (api === "graph") {
      // Graph's MD5 and the machine's domain, in siem-cef's keys.
      expect(decoded.filter((d) => /^[0-9a-f]{32}$/.test(d.extension.cs5 ?? "")).length).toBeGreaterThan(0);
      expect(decoded.every((d) => d.extension.sourceDnsDomain !== undefined && d.extension.dvc !== undefined)).toBe(
        true,
      );
    }
  });

  it(`builtin:${api}-leef: one strict LEEF message per evidence item`, async () => {
    const { file, records } = await recordsFile(api, "evidence");
    const { stdout, stderr } = await run("preview", "-m", `builtin:${api}-leef`, file);
    expect(stderr).toBe("");
    const decoded = lines(stdout).map((l) => decodeLeef(l));
    expect(decoded.map((d) => [d.attributes.AlertId, d.attributes.EvidenceIndex])).toEqual(
      records.map((r) => [r.id, String(r.evidenceIndex)]),
    );
    expect(decoded.every((d) => ["1", "3", "5", "8"].includes(d.attributes.sev!))).toBe(true);
    expect(decoded.map((d) => d.attributes.TenantId)).toEqual(records.map((r) => r[TENANT[api]]));
  });

  it(`builtin:${api}-cef without a file encodes the built-in samples`, async () => {
    const { stdout, stderr } = await run("preview", "-m", `builtin:${api}-cef`);
    // The hostile sample's long title and description are cut to their CEF limits, and stderr says so.
    expect(stderr).toBe("note: message 3: shortened header.name, msg\n");
    expect(lines(stdout).map((l) => decodeCef(l).extension.externalId)).toHaveLength(4);
  });
});
