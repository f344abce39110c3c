/**
 * The record fields of each source, which mapping files are checked against. A new source adds its catalogue
 * (`sources/NAME/fields.ts`) and one line here.
 */
import type { Api } from "../config/config.js";
import { entriesNode, type CatalogueNode } from "../mapping/catalogue.js";
import { ALERTS_ENUMS, ALERTS_FIELDS, ALERTS_IDENTITIES } from "./alerts/fields.js";
import { graphAlertNode } from "./graph/schema-catalogue.js";
import { SIEM_ENUMS, SIEM_FIELDS, SIEM_IDENTITIES } from "./siem/fields.js";

/** What `source.messagePer: evidence` adds to each record (sources/shared/evidence.ts). */
const PER_EVIDENCE = ["evidenceIndex", "evidenceCount"];

export const SOURCE_FIELDS: Readonly<Record<Api, CatalogueNode>> = {
  siem: entriesNode(SIEM_FIELDS, SIEM_ENUMS, SIEM_IDENTITIES),
  alerts: entriesNode([...ALERTS_FIELDS, ...PER_EVIDENCE], ALERTS_ENUMS, ALERTS_IDENTITIES),
  graph: graphAlertNode(PER_EVIDENCE),
};
