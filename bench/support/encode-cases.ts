/**
 * Encoding cost of the built-in mappings next to `JSON.stringify` of the same records: the ratio says how close an
 * encoder comes to merely serializing. Records: SIEM ones from the simulator's generator; for another source, its
 * built-in sample records (`preview`'s), repeated.
 */
import type { Api } from "../../src/config/config.js";
import { builtinMappings, loadMapping } from "../../src/mapping/load.js";
import type { CompiledMapping } from "../../src/mapping/mapping.js";
import { SOURCE_SAMPLES } from "../../src/sources/samples.js";
import { siemRecordSource, type SiemRecord } from "./records.js";

export const MAX_PAYLOAD_BYTES = 8192 - 100;

export type Encode = (record: SiemRecord) => number;

/** The built-in mappings, by the source whose records they read. */
export async function mappingsBySource(): Promise<Map<Api, CompiledMapping[]>> {
  const bySource = new Map<Api, CompiledMapping[]>();
  for (const name of builtinMappings()) {
    const mapping = await loadMapping(`builtin:${name}`);
    bySource.set(mapping.source, [...(bySource.get(mapping.source) ?? []), mapping]);
  }
  return bySource;
}

/** `count` records of `source`, and how they were made. */
export function recordsOf(source: Api, count: number): { records: SiemRecord[]; origin: string } {
  if (source === "siem") return { records: siemRecordSource().next(count), origin: "the simulator's generator" };
  const samples = SOURCE_SAMPLES[source] ?? [];
  if (samples.length === 0) return { records: [], origin: "no sample records" };
  const copies = JSON.parse(JSON.stringify(Array.from({ length: count }, (_, i) => samples[i % samples.length]))) as SiemRecord[];
  return { records: copies, origin: `its ${samples.length} sample records, repeated` };
}

/** Each task encodes every record once; the result (bytes written) keeps the work from being optimized away. */
export function encodeTasks(records: readonly SiemRecord[], mappings: readonly CompiledMapping[]): Record<string, () => Promise<void>> {
  const each = (encode: Encode) => () => {
    let bytes = 0;
    for (const record of records) bytes += encode(record);
    if (bytes === 0) throw new Error("nothing was encoded");
    return Promise.resolve();
  };
  return {
    "JSON.stringify": each((r) => JSON.stringify(r).length),
    ...Object.fromEntries(mappings.map((m) => [m.name, each((r) => m.encode(r, MAX_PAYLOAD_BYTES).text.length)])),
  };
}
