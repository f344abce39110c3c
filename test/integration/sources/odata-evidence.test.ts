/** `messagePer: evidence`: one record per evidence item, each with the alert's fields and its own identity. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { schemaExtrasOf } from "../../../src/simulator/views/extras.js";
import { OTHER_EVIDENCE } from "../../../src/simulator/views/graph-evidence.js";
import { createSource } from "../../../src/sources/registry.js";
import { EMPTY_STATE, afterDelivery, withoutRepeats } from "../../../src/state/checkpoint.js";
import { modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const WINDOW = { since: new Date(NOW - 3_600_000), until: new Date(NOW) };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, rateLimits: false });
});
afterAll(() => sim.close());

describe.each([
  { api: "alerts", leading: ["User"], kind: (e: Record<string, unknown>) => e.entityType },
  {
    api: "graph",
    leading: ["device", "user"],
    kind: (e: Record<string, unknown>) =>
      String(e["@odata.type"]).replace(/^#microsoft\.graph\.security\.(\w+)Evidence$/, "$1"),
  },
] as const)("$api source, one message per evidence item", ({ api, leading, kind }) => {
  it("gives each item its own record: the alert's fields, that item alone, its index and the count", async () => {
    const alert = sim.tenant.add({ lastProcessed: NOW - 600_000 - (api === "alerts" ? 0 : 1000), parts: 3 });
    const config = modernConfigFor(sim, api, { messagePer: "evidence" });
    const records = (await createSource(config, sourceDeps(config, testDeps(sim))).fetch(WINDOW)).filter(
      (r) => r.record.id === alert.alertId,
    );
    const extra = schemaExtrasOf(alert, OTHER_EVIDENCE);
    // The registry key and value an alert may name (Graph: one item each), and Graph's item of another kind.
    const trailing =
      api === "alerts" ? Number(!!extra.registry) : 2 * Number(!!extra.registry) + Number(!!extra.otherEvidence);
    const count = leading.length + 3 + trailing;
    expect(records).toHaveLength(count);
    records.forEach((r, i) => {
      expect(r.identity).toMatch(new RegExp(`^${alert.alertId}@.+#${i}$`));
      expect(r.record).toMatchObject({ title: alert.detection.title, evidenceIndex: i, evidenceCount: count });
      expect(r.record.evidence).toHaveLength(1);
    });
    const kinds = records.map((r) => kind((r.record.evidence as Record<string, unknown>[])[0]!));
    expect(kinds.slice(0, leading.length)).toEqual(leading);

    const state = afterDelivery(EMPTY_STATE, records, NOW, 600_000);
    sim.tenant.update(alert, { status: "inProgress" }, NOW - 1000);
    const again = await createSource(config, sourceDeps(config, testDeps(sim))).fetch(WINDOW);
    const { fresh } = withoutRepeats(again, state);
    expect(fresh.filter((r) => r.record.id === alert.alertId)).toHaveLength(count);
  });
});
