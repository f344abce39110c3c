/**
 * Encoding: records per second of each built-in mapping next to `JSON.stringify` of the same records, in the same
 * process and the same rounds. Aim: CEF encoding costs at most twice `JSON.stringify`.
 */
import { count, median, spread, timedRounds, type BenchModule, type Table } from "./bench.js";
import { encodeTasks, mappingsBySource } from "./support/encode-cases.js";
import { recordSource } from "./support/records.js";

const RECORDS = 100_000;
const ROUNDS = 5;

async function run(): Promise<Table[]> {
  const tables: Table[] = [];
  for (const [source, mappings] of await mappingsBySource()) {
    const records = recordSource(source).next(RECORDS);
    const times = await timedRounds(encodeTasks(records, mappings), ROUNDS);
    const json = median(times["JSON.stringify"]!);
    tables.push({
      title: `${source} records, ${count(records.length)} per round (${Math.round(JSON.stringify(records.slice(0, 1000)).length / 1000)} bytes of JSON each)`,
      columns: ["case", "records", "seconds", "records/s", "µs/record", "compared", "spread of rounds"],
      rows: Object.entries(times).map(([name, t]) => [
        name,
        count(records.length),
        median(t).toFixed(3),
        count(records.length / median(t)),
        ((median(t) / records.length) * 1e6).toFixed(2),
        name === "JSON.stringify" ? "" : `${(median(t) / json).toFixed(2)}× JSON.stringify's time`,
        spread(t),
      ]),
    });
  }
  return tables;
}

export const encodingBench: BenchModule = {
  name: "encoding",
  method:
    `Each built-in mapping encodes ${count(RECORDS)} records (maxBytes 8092), next to JSON.stringify of the same records; one warm-up, then ` +
    `${ROUNDS} interleaved rounds in one process, median reported. Records of each API come from the simulator's generator (Alerts API and ` +
    "Graph: one alert with its evidence per record), parsed from JSON as the source hands them over.",
  run,
};
