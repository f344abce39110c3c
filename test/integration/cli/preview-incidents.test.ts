/**
 * `node dist/cli.js preview -m builtin:incidents-cef FILE` and `incidents-leef` on Graph incidents pages
 * (`{"value":[…]}` with `$expand=alerts`): the built-in samples (Microsoft's documented example, a hostile incident, a
 * merged one, one of 150 alerts) and six simulated hours of the simulated tenant's incidents as Graph serves them.
 * One strict message per incident, carrying its id, name, severity, web URL and its alerts' ids; TenantId is the
 * incident's own, and TenantName is left out, as preview has no configuration to name the tenant (docs/mapping.md).
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { ADDED_FIELDS } from "../../../src/sources/incidents/messages.js";
import { INCIDENTS_SAMPLES } from "../../../src/sources/incidents/samples.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { CLI } from "../../support/cli-process.js";
import { cefHeaderValue, leefValue } from "../../support/expected.js";
import { decodeLeef } from "../../support/leef-decoder.js";
import { incidentsSourceFor } from "../../support/source-setup.js";

type Item = Record<string, unknown>;

const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const lines = (text: string) => text.split("\n").slice(0, -1);
const NOW = Date.parse("2024-05-01T12:00:00Z");
const SEVERITY: Record<string, string> = { informational: "1", low: "3", medium: "5", high: "8" };
const ADDED = new Set(ADDED_FIELDS.map((f) => f.replace("[]", "")));

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 6 * 3_600_000, seed: 4, rateLimits: false });
  dir = await mkdtemp(join(tmpdir(), "preview-incidents-"));
});
afterAll(() => sim.close());

/** The simulated tenant's incidents of the last six hours, each as Graph served it (without what the source adds). */
async function simulatedIncidents(): Promise<Item[]> {
  const fetched = await incidentsSourceFor(sim).fetch({
    since: new Date(NOW - 6 * 3_600_000),
    until: new Date(NOW),
  });
  return fetched.map((r) => Object.fromEntries(Object.entries(r.record).filter(([k]) => !ADDED.has(k))));
}

const PAGES: [string, () => Promise<Item[]>][] = [
  ["the built-in samples", () => Promise.resolve([...INCIDENTS_SAMPLES])],
  ["six hours of the simulated tenant's incidents", simulatedIncidents],
];

async function pageFile(name: string, incidents: Item[]): Promise<string> {
  const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
  const context = "https://graph.microsoft.com/v1.0/$metadata#security/incidents(alerts())";
  await writeFile(file, JSON.stringify({ "@odata.context": context, value: incidents }));
  return file;
}

const alertIdsOf = (incident: Item) => (incident.alerts as Item[]).map((a) => String(a.id));

/** The alert ids a message lists: all of them, or, when the message was cut to its limit, the first ones. */
function expectAlertIds(listed: string | undefined, incident: Item): void {
  const ids = alertIdsOf(incident);
  const got = listed === undefined ? [] : listed.split(",");
  if (got.length === ids.length) expect(got).toEqual(ids);
  else expect([got.length > 0, got]).toEqual([true, ids.slice(0, got.length)]);
}

describe.each(PAGES)("preview of a Graph incidents page: %s", (name, incidents) => {
  it("builtin:incidents-cef: one strict CEF message per incident with its id, name, severity, URL, alerts", async () => {
    const records = await incidents();
    expect(records.length).toBeGreaterThan(3);
    const { stdout } = await run("preview", "-m", "builtin:incidents-cef", await pageFile(name, records));
    const decoded = lines(stdout).map((l) => decodeCef(l));
    expect(decoded).toHaveLength(records.length);
    decoded.forEach((d, i) => {
      const r = records[i]!;
      expect([d.signatureId, d.name, d.severity]).toEqual([
        "Defender-Incident",
        cefHeaderValue(String(r.displayName)),
        SEVERITY[String(r.severity)] ?? "Unknown",
      ]);
      expect(d.extension).toMatchObject({
        externalId: r.id,
        flexString1Label: "IncidentLink",
        flexString1: r.incidentWebUrl,
        TenantId: r.tenantId,
        cn1: String(alertIdsOf(r).length),
      });
      expect(d.extension).not.toHaveProperty("TenantName");
      expectAlertIds(d.extension.AlertIds, r);
    });
  });

  it("builtin:incidents-leef: one strict LEEF event per incident with its id, name, severity, URL, alerts", async () => {
    const records = await incidents();
    const { stdout } = await run("preview", "-m", "builtin:incidents-leef", await pageFile(name, records));
    const decoded = lines(stdout).map((l) => decodeLeef(l));
    expect(decoded).toHaveLength(records.length);
    decoded.forEach((d, i) => {
      const r = records[i]!;
      expect(d.eventId).toBe("Defender-Incident");
      expect(d.attributes).toMatchObject({
        IncidentId: r.id,
        IncidentName: leefValue(String(r.displayName), "\t"),
        Severity: r.severity,
        IncidentLink: r.incidentWebUrl,
        TenantId: r.tenantId,
        AlertCount: String(alertIdsOf(r).length),
      });
      if (SEVERITY[String(r.severity)]) expect(d.attributes.sev).toBe(SEVERITY[String(r.severity)]);
      expect(d.attributes).not.toHaveProperty("TenantName");
      expectAlertIds(d.attributes.AlertIds, r);
    });
  });
});

it("preview --max-bytes 1024 holds the incident of 150 alerts, its alert ids cut between whole ids, and says so", async () => {
  const file = await pageFile("samples-1024", [...INCIDENTS_SAMPLES]);
  for (const mapping of ["incidents-cef", "incidents-leef"]) {
    const { stdout, stderr } = await run("preview", "-m", `builtin:${mapping}`, file, "--max-bytes", "1024");
    const out = lines(stdout);
    expect(out.every((l) => Buffer.byteLength(l) <= 1024)).toBe(true);
    const many = out[3]!;
    const listed =
      mapping === "incidents-cef" ? decodeCef(many).extension.AlertIds : decodeLeef(many).attributes.AlertIds;
    expectAlertIds(listed, INCIDENTS_SAMPLES[3]!);
    expect(listed!.split(",").length).toBeLessThan(150);
    expect(stderr).toMatch(/^note: message 4: shortened .*AlertIds/m);
  }
});
