/** Built-in sample records per source, for `preview` without a file. A source adds its samples here. */
import type { Api } from "../config/config.js";
import { ALERTS_SAMPLES } from "./alerts/samples.js";
import { GRAPH_SAMPLES } from "./graph/samples.js";
import { SIEM_SAMPLES } from "./siem/samples.js";

export const SOURCE_SAMPLES: Readonly<Record<Api, readonly Record<string, unknown>[]>> = {
  siem: SIEM_SAMPLES,
  alerts: ALERTS_SAMPLES,
  graph: GRAPH_SAMPLES,
};
