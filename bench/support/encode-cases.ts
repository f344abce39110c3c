/**
 * Encoding cost of the built-in mappings next to `JSON.stringify` of the same records: the ratio says how close an
 * encoder comes to merely serializing. Records of each API from the simulator's generator.
 */
import type { Api } from "../../src/config/config.js";
import { builtinMappings, loadMapping } from "../../src/mapping/load.js";
import type { CompiledMapping } from "../../src/mapping/mapping.js";
import type { ApiRecord } from "./records.js";

export const MAX_PAYLOAD_BYTES = 8192 - 100;

export type Encode = (record: ApiRecord) => number;

/** The built-in mappings, by the source whose records they read. */
export async function mappingsBySource(): Promise<Map<Api, CompiledMapping[]>> {
  const bySource = new Map<Api, CompiledMapping[]>();
  for (const name of builtinMappings()) {
    const mapping = await loadMapping(`builtin:${name}`);
    bySource.set(mapping.source, [...(bySource.get(mapping.source) ?? []), mapping]);
  }
  return bySource;
}

/** Each task encodes every record once; the result (bytes written) keeps the work from being optimized away. */
export function encodeTasks(
  records: readonly ApiRecord[],
  mappings: readonly CompiledMapping[],
): Record<string, () => Promise<void>> {
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
