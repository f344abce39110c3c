/** `source` keys of the MDE Alerts API: its geo host, its filters, its paging and one message per what. */
import * as z from "zod";
import { intIn, section } from "../../config/values.js";
import type { SourceConfigOf } from "../component.js";
import { filterFlag, filterList, listedValue, messagePer, sourceKeys } from "../options.js";
import { ALERTS_ENUMS } from "./fields.js";

/** The API's documented maximum `$top`. */
export const ALERTS_MAX_PAGE = 10_000;

/** The geo hosts (`eu.api.security.microsoft.com`), in the commercial cloud only. */
export const ALERTS_GEOS = ["us", "eu", "uk", "au", "swa", "ina", "aea"];

const closed = (what: string, values: readonly string[]) =>
  filterList(what, listedValue(what, values, "for api alerts")).default([]);

const query = z.strictObject({
  severity: closed("a severity", ALERTS_ENUMS.severity).describe(
    `Only alerts of these severities: ${ALERTS_ENUMS.severity.join(", ")}.`,
  ),
  status: closed("a status", ALERTS_ENUMS.status).describe(
    `Only alerts in these states: ${ALERTS_ENUMS.status.join(", ")}.`,
  ),
  detectionSource: filterList("a detection source").default([]).describe("Only alerts of these detection sources."),
  expandEvidence: filterFlag.default(true).describe("Ask for each alert's evidence ($expand=evidence)."),
});

export const alertsOptions = z
  .strictObject({
    ...sourceKeys,
    region: z
      .string()
      .optional()
      .describe(`A geo host (${ALERTS_GEOS.join(", ")}), commercial cloud only; default the global host.`),
    query: section(query.prefault({})).describe(
      "Filters of the Alerts API; several values of one filter are one request each.",
    ),
    messagePer,
    pageSize: intIn(1, ALERTS_MAX_PAGE)
      .optional()
      .describe(`Alerts per page ($top); default ${ALERTS_MAX_PAGE}, the documented maximum.`),
  })
  .superRefine((s, ctx) => {
    const allowed = s.cloud === "commercial" ? ALERTS_GEOS : [];
    if (s.region !== undefined && !allowed.includes(s.region))
      ctx.addIssue({
        code: "custom",
        path: ["region"],
        message: allowed.length
          ? `expected one of ${allowed.join(", ")} for api alerts in cloud ${s.cloud}, got "${s.region}"`
          : `api alerts in cloud ${s.cloud} has no regional hosts: remove region`,
      });
    if (s.messagePer === "evidence" && !s.query.expandEvidence)
      ctx.addIssue({
        code: "custom",
        path: ["messagePer"],
        message: "evidence needs the evidence: remove source.query.expandEvidence: false",
      });
  });

export type AlertsConfig = SourceConfigOf<typeof alertsOptions>;
