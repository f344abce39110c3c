import { describe, expect, it } from "vitest";
import { GROUPS, renderReport, type RunInfo } from "../../../scripts/reliability-report.js";
import type { GroupResults } from "../../support/reliability-results.js";

const run: RunInfo = {
  date: "2026-11-26 19:00 UTC",
  node: "v20.20.2",
  machine: "2 × Test CPU, 24 GiB, Linux 6.1",
  rsyslog: "rsyslog 8.2302.0",
  seconds: 251.4,
  tests: { passed: 40, total: 40 },
  files: [{ file: "test/reliability/soak.test.ts", seconds: 61.25, tests: 1 }],
};

const group = (slug: string): GroupResults => ({
  slug,
  group: slug,
  at: "2026-11-26T19:00:00Z",
  scenarios: [
    {
      scenario: `${slug} | one`,
      sent: 12_000,
      received: 12_345,
      lost: 0,
      duplicated: 345,
      other: { resent: 1200, seed: "a|b" },
    },
  ],
  secretScan: { items: 3, bytes: 2048, secrets: 5, leaks: 0 },
});

describe("docs/reliability.md", () => {
  it("has the run, the guarantees, a table per group with escaped cells, the secret scans and the time per file", () => {
    const text = renderReport(
      run,
      GROUPS.map((g) => group(g.slug)),
    );
    expect(text).toContain(
      "**Run:** 2026-11-26 19:00 UTC; Node v20.20.2; 2 × Test CPU, 24 GiB, Linux 6.1; rsyslog 8.2302.0. 40 of 40 tests passed; the reliability project took 251 s.",
    );
    expect(text).toContain("| soak \\| one | 12,000 | 12,345 | 0 | 345 | resent: 1,200<br>seed: a\\|b |");
    expect(text).toContain("| crashes | 3 | 2,048 | 5 | 0 |");
    expect(text).toContain("| test/reliability/soak.test.ts | 1 | 61.3 |");
    const positions = GROUPS.map((g) => text.indexOf(`## ${g.title}\n`));
    expect(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
  });

  it("refuses to write a report with a group missing", () => {
    expect(() => renderReport(run, [group("soak")])).toThrow(
      /^no results for receiver-faults, crashes, .*: run the whole suite/,
    );
  });
});
