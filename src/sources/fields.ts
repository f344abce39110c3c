/**
 * The record fields of each source, which mapping files are checked against. A new source adds its catalogue
 * (`sources/NAME/fields.ts`) and one line here.
 */
import type { Api } from "../config/config.js";
import { ALERTS_FIELDS } from "./alerts/fields.js";
import { GRAPH_FIELDS } from "./graph/fields.js";
import { SIEM_FIELDS } from "./siem/fields.js";

/** What `source.messagePer: evidence` adds to each record (sources/shared/evidence.ts). */
const PER_EVIDENCE = ["evidenceIndex", "evidenceCount"];

export const SOURCE_FIELDS: Readonly<Record<Api, readonly string[]>> = {
  siem: SIEM_FIELDS,
  alerts: [...ALERTS_FIELDS, ...PER_EVIDENCE],
  graph: [...GRAPH_FIELDS, ...PER_EVIDENCE],
};
