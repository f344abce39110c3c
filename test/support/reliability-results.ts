/**
 * The figures of the reliability suite: each scenario records what it measured (records sent, received, lost,
 * duplicated, and its own figures), one JSON file per scenario group, which `npm run reliability` turns into
 * docs/reliability.md. Files go to $RELIABILITY_RESULTS, by default work/reliability/ in the checkout.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR =
  process.env.RELIABILITY_RESULTS ?? fileURLToPath(new URL("../../work/reliability/", import.meta.url));

export interface ScenarioFigures {
  scenario: string;
  /** Records the API held for the scenario (or messages offered). */
  sent: number;
  /** Complete messages that arrived, repeats included. */
  received: number;
  lost: number;
  duplicated: number;
  /** Any other figure, in the order it should be shown: "resent: 1200", "RSS start: 80 MB". */
  other?: Record<string, string | number>;
}

/** What the group's secret scan looked at (see secret-watch.ts) and what it found. */
export interface SecretScan {
  items: number;
  bytes: number;
  secrets: number;
  leaks: number;
}

export interface GroupResults {
  /** The file's name, and the key docs/reliability.md knows the group by. */
  slug: string;
  group: string;
  /** When the group's last figures were recorded (ISO 8601). */
  at: string;
  scenarios: ScenarioFigures[];
  secretScan?: SecretScan;
}

export interface ResultsGroup {
  record(figures: ScenarioFigures): void;
  scanned(scan: SecretScan): void;
}

/** A group's results file, rewritten at each recorded figure so a failing later scenario keeps earlier figures. */
export function resultsGroup(slug: string, group: string): ResultsGroup {
  const results: GroupResults = { slug, group, at: "", scenarios: [] };
  const save = () => {
    results.at = new Date().toISOString();
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${slug}.json`), `${JSON.stringify(results, null, 2)}\n`);
  };
  return {
    record(figures) {
      results.scenarios = [...results.scenarios.filter((s) => s.scenario !== figures.scenario), figures];
      save();
    },
    scanned({ items, bytes, secrets, leaks }) {
      results.secretScan = { items, bytes, secrets, leaks };
      save();
    },
  };
}

/** A scenario's figures from a delivery count and its own extra figures. */
export function figuresOf(
  scenario: string,
  counted: Pick<ScenarioFigures, "sent" | "received" | "lost" | "duplicated">,
  other?: ScenarioFigures["other"],
): ScenarioFigures {
  const { sent, received, lost, duplicated } = counted;
  return { scenario, sent, received, lost, duplicated, ...(other ? { other } : {}) };
}
