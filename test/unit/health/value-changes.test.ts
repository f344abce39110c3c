import { describe, expect, it } from "vitest";
import { MAX_CHANGE_KEYS, Metrics } from "../../../src/health/metrics.js";

const series = async (metrics: Metrics, name: string) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values.map((v) => [v.labels.key, v.value]);

describe("values shortened and left out, by key", () => {
  it("counts each key of each message", async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.countChanges({ shortened: ["msg", "header.name"], dropped: ["ThreatFamily"] });
    metrics.countChanges({ shortened: ["msg"] });
    expect(await series(metrics, "mdefwd_values_shortened_total")).toEqual([
      ["msg", 2],
      ["header.name", 1],
    ]);
    expect(await series(metrics, "mdefwd_fields_dropped_total")).toEqual([["ThreatFamily", 1]]);
  });

  it("keeps the number of series bounded when records bring keys without end", async () => {
    const metrics = new Metrics({ processMetrics: false });
    for (let i = 0; i < MAX_CHANGE_KEYS + 50; i++) metrics.countChanges({ shortened: [`key${i}`] });
    metrics.countChanges({ dropped: ["key0", "another"] });
    const shortened = await series(metrics, "mdefwd_values_shortened_total");
    expect(shortened).toHaveLength(MAX_CHANGE_KEYS + 1);
    expect(shortened.at(-1)).toEqual(["(other)", 50]);
    expect(await series(metrics, "mdefwd_fields_dropped_total")).toEqual([
      ["key0", 1],
      ["(other)", 1],
    ]);
  });
});
