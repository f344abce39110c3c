/** Building blocks for encoder tests: mapped values without a mapping file. */
import type { MappedValue, ValueType } from "../../src/formats/format.js";

type Options = Partial<Pick<MappedValue, "maxBytes" | "shrinkable">> & { type?: ValueType };

/** A value that is the same for every record. */
export function constant(text: string, options: Options = {}): MappedValue {
  return { get: () => text, constant: text, possible: [text], type: "string", shrinkable: false, ...options };
}

/** A value read from `record[key]`; "" and absent are empty. */
export function fromRecord(key: string, options: Options = {}): MappedValue {
  return {
    get: (record) => {
      const v = record[key];
      return typeof v === "string" && v !== "" ? v : undefined;
    },
    type: "string",
    shrinkable: true,
    ...options,
  };
}
