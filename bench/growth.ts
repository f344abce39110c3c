/**
 * How cost grows with volume: encoding and end-to-end catch-up at 10,000, 100,000 and 1,000,000 records. Time should
 * grow linearly, and the forwarder's memory should follow the piece it holds, not the length of the catch-up.
 */
import { loadMapping } from "../src/mapping/load.js";
import { count, mb, type BenchModule, type Table } from "./bench.js";
import { catchupRange } from "./catchup.js";
import { forwarderCatchup } from "./support/catchup-run.js";
import { MAX_PAYLOAD_BYTES } from "./support/encode-cases.js";
import { recordSource } from "./support/records.js";
import { startSimulatorProcess } from "./support/simulator.js";

const SIZES = [10_000, 100_000, 1_000_000];
const BATCH = 10_000;
/** The catch-up's density: 100,000 records an hour, read in windows of at most an hour (the default maxWindow). */
const RECORDS_PER_MINUTE = 100_000 / 60;

/** Seconds `work` took; the bytes it made are checked, so the work cannot be optimized away. */
function seconds(work: () => number): number {
  const start = process.hrtime.bigint();
  if (work() === 0) throw new Error("nothing was encoded");
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Encoding time of `size` distinct records, made 10,000 at a time (the making is not timed). */
async function encodingRows(): Promise<string[][]> {
  const mapping = await loadMapping("builtin:siem-cef");
  const source = recordSource("siem", 11);
  const rows: string[][] = [];
  const timeOf = (size: number) => {
    const t = { json: 0, cef: 0 };
    for (let done = 0; done < size; done += BATCH) {
      const records = source.next(BATCH);
      t.json += seconds(() => records.reduce((bytes, r) => bytes + JSON.stringify(r).length, 0));
      t.cef += seconds(() => records.reduce((bytes, r) => bytes + mapping.encode(r, MAX_PAYLOAD_BYTES).text.length, 0));
    }
    return t;
  };
  timeOf(BATCH);
  for (const size of SIZES) {
    const t = timeOf(size);
    rows.push([
      `encoding siem-cef`,
      count(size),
      t.cef.toFixed(2),
      count(size / t.cef),
      "",
      `${(t.cef / t.json).toFixed(2)}× JSON.stringify's time`,
    ]);
  }
  return rows;
}

async function catchupRows(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const size of SIZES) {
    const sim = await startSimulatorProcess();
    try {
      const range = await catchupRange(sim, size, Math.round(size / RECORDS_PER_MINUTE));
      const result = await forwarderCatchup(sim, range, { maxWindow: "PT1H" });
      rows.push([
        `catch-up, once → rsyslog TCP`,
        count(size),
        result.seconds.toFixed(2),
        count(size / result.seconds),
        mb(result.peakRss),
        "",
      ]);
    } finally {
      await sim.close();
    }
  }
  return rows;
}

/** "×1.02 of the 10,000 rate" beside each row of a kind, so linear growth reads as ratios near 1. */
function relative(rows: string[][]): string[][] {
  const rate = (row: string[]) => Number(row[3]!.replaceAll(",", ""));
  return rows.map((row) => {
    const first = rows.find((r) => r[0] === row[0])!;
    const per = `per-record time ${(rate(first) / rate(row)).toFixed(2)}× that at ${first[1]}`;
    return [...row.slice(0, 5), [per, row[5]].filter(Boolean).join("; ")];
  });
}

async function run(): Promise<Table[]> {
  const rows = [...(await encodingRows()), ...(await catchupRows())];
  return [{ columns: ["case", "records", "seconds", "records/s", "peak RSS MB", "compared"], rows: relative(rows) }];
}

export const growthBench: BenchModule = {
  name: "growth",
  method:
    "Encoding: builtin:siem-cef over 10,000, 100,000 and 1,000,000 distinct simulator records, made 10,000 at a time (only the encoding is timed). " +
    "Catch-up: the same counts at 100,000 records an hour, each in a fresh simulator process, by `once` with the default maxWindow (PT1H) and " +
    "splitAbove (10,000) to a fresh rsyslog over TCP; one run each.",
  needs: ["rsyslogd"],
  run,
};
