/** The heap growth limit the CLI sets at start-up, unless the operator chose one. */
import { describe, expect, it } from "vitest";
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from "../../../src/cli/heap-growth.js";

describe("heapGrowthFlag", () => {
  it("limits V8's heap growth when node was started without a choice of its own", () => {
    expect(heapGrowthFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(["--enable-source-maps", "--max-old-space-size=512"])).toBe(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    );
  });

  it("leaves the operator's own setting, in either spelling", () => {
    expect(heapGrowthFlag(["--heap-growing-percent=80"])).toBeUndefined();
    expect(heapGrowthFlag(["--heap_growing_percent=10"])).toBeUndefined();
  });
});
