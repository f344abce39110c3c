/** Built-in sample records per source, for `preview` without a file. A source adds its samples here. */
import type { Api } from "../config/config.js";
import { SIEM_SAMPLES } from "./siem/samples.js";

export const SOURCE_SAMPLES: Readonly<Partial<Record<Api, readonly Record<string, unknown>[]>>> = {
  siem: SIEM_SAMPLES,
};
