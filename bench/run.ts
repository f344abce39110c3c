/**
 * `npm run bench`: runs each benchmark module and prints its table. `npm run bench -- transport` runs one.
 * Figures depend on the machine: docs/performance.md records them with the machine and Node version.
 */
import { cpus } from "node:os";
import type { BenchModule, BenchRow } from "./bench.js";
import { transportBench } from "./transport.js";

const MODULES: BenchModule[] = [transportBench];

function table(rows: BenchRow[]): string {
  const body = rows.map((r) => [r.case, r.messages.toLocaleString("en"), r.seconds.toFixed(3), Math.round(r.messages / r.seconds).toLocaleString("en"), r.note ?? ""]);
  const all = [["case", "messages", "seconds", "messages/s", "compared"], ...body];
  const widths = all[0]!.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c === 1 || c === 2 || c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`;
  return [line(all[0]!), `|${widths.map((w, c) => (c >= 1 && c <= 3 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`, ...body.map(line)].join("\n");
}

const wanted = process.argv.slice(2);
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${process.platform}`);
for (const module of MODULES.filter((m) => wanted.length === 0 || wanted.includes(m.name))) {
  console.log(`\n## ${module.name}\n${module.method}\n`);
  console.log(table(await module.run()));
}
