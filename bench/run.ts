/**
 * `npm run bench`: runs each benchmark module and prints its tables (Markdown, as docs/performance.md holds them).
 * `npm run bench -- encoding catchup` runs those modules only. Figures depend on the machine: the first line says
 * which.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { delimiter } from "node:path";
import type { BenchModule, Table } from "./bench.js";
import { catchupBench } from "./catchup.js";
import { encodingBench } from "./encoding.js";
import { growthBench } from "./growth.js";
import { idleBench } from "./idle.js";
import { latencyBench } from "./latency.js";
import { tenantsBench } from "./tenants.js";
import { ensureInstalled, SYSTEM_DIRS } from "../scripts/prerequisites.js";
import { transportBench } from "./transport.js";

const MODULES: BenchModule[] = [
  encodingBench,
  transportBench,
  catchupBench,
  growthBench,
  idleBench,
  latencyBench,
  tenantsBench,
];

function markdown(table: Table): string {
  const escape = (row: string[]) => row.map((cell) => cell.replaceAll("|", "\\|"));
  const [columns, rows] = [escape(table.columns), table.rows.map(escape)];
  const all = [columns, ...rows];
  const numeric = columns.map((_, c) => rows.length > 0 && rows.every((r) => r[c] === "" || /^[\d,.]+$/.test(r[c]!)));
  const widths = columns.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(columns), rule, ...rows.map(line)].join("\n");
}

// rsyslogd lives in /usr/sbin, which a non-root user's PATH often lacks on Debian.
process.env.PATH = [process.env.PATH, ...SYSTEM_DIRS].filter(Boolean).join(delimiter);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !MODULES.some((m) => m.name === name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}: the modules are ${MODULES.map((m) => m.name).join(", ")}`);
  process.exit(2);
}
const selected = MODULES.filter((m) => wanted.length === 0 || wanted.includes(m.name));
const missing = await ensureInstalled(
  selected.flatMap((m) => m.needs ?? []),
  "npm run bench",
);
if (missing) {
  console.error(`${missing}\nOr run only the module that needs none of them: npm run bench -- encoding`);
  process.exit(1);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}, load average ${load()}`,
);
for (const module of selected) {
  console.log(`\n## ${module.name}\n${module.method}`);
  for (const table of await module.run()) console.log(`${table.title ? `\n${table.title}` : ""}\n\n${markdown(table)}`);
  console.log(`\n(load average ${load()})`);
}
