/**
 * `npm run reliability`: runs the reliability suite (vitest project "reliability") and, when every test passed,
 * writes docs/reliability.md from the figures its scenarios recorded. A failed run writes nothing and exits 1.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { RESULTS_DIR, type GroupResults } from "../test/support/reliability-results.js";
import { renderReport, type RunInfo } from "./reliability-report.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const REPORT = join(ROOT, "docs", "reliability.md");
const VITEST_JSON = join(RESULTS_DIR, "vitest.json");

interface VitestJson {
  numTotalTests: number;
  numPassedTests: number;
  testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[];
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}`;
}

function rsyslogVersion(): string {
  const out = execFileSync("rsyslogd", ["-v"], { encoding: "utf8" });
  const version = /^rsyslogd\s+(\S+)/m.exec(out)?.[1];
  return version ? `rsyslog ${version}` : "rsyslog (version unknown)";
}

rmSync(RESULTS_DIR, { recursive: true, force: true });
const started = Date.now();
const vitest = spawnSync(
  process.execPath,
  [
    join(ROOT, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--project",
    "reliability",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${VITEST_JSON}`,
  ],
  { cwd: ROOT, stdio: "inherit", env: { ...process.env, RELIABILITY_RESULTS: RESULTS_DIR } },
);
const seconds = (Date.now() - started) / 1000;
if (vitest.status !== 0 || !existsSync(VITEST_JSON)) {
  console.error(`the reliability suite failed (exit ${vitest.status}): ${relative(ROOT, REPORT)} was not written`);
  process.exit(1);
}

const report = JSON.parse(readFileSync(VITEST_JSON, "utf8")) as VitestJson;
const results = readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith(".json") && f !== "vitest.json")
  .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), "utf8")) as GroupResults);
const run: RunInfo = {
  date: new Date(started).toISOString().slice(0, 16).replace("T", " ") + " UTC",
  node: process.version,
  machine: machine(),
  rsyslog: rsyslogVersion(),
  seconds,
  tests: { passed: report.numPassedTests, total: report.numTotalTests },
  files: report.testResults.map((t) => ({
    file: relative(ROOT, t.name),
    seconds: (t.endTime - t.startTime) / 1000,
    tests: t.assertionResults.length,
  })),
};
writeFileSync(REPORT, renderReport(run, results));
console.log(`wrote ${relative(ROOT, REPORT)}: the reliability project took ${Math.round(seconds)} s`);
