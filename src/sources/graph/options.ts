/**
 * `source` keys of Graph alerts_v2: its filters, its paging and one message per what. Filter values come from
 * Microsoft's Graph schema (`unlistedValues` says what happens to a value it does not list).
 */
import * as z from "zod";
import { section } from "../../config/values.js";
import type { OptionWarning, SourceConfigOf } from "../component.js";
import { messagePer, sourceKeys } from "../options.js";
import { graphEnum } from "../shared/graph-catalogue.js";
import { graphFilter, graphPageSize, unlistedValues } from "../shared/graph-options.js";

export const DEFAULT_SERVICE_SOURCE = "microsoftDefenderForEndpoint";

/** The known values of each filter. */
const KNOWN = {
  serviceSource: graphEnum("security.ServiceSource"),
  severity: graphEnum("security.AlertSeverity"),
  status: graphEnum("security.AlertStatus"),
};

const filter = (what: string, key: keyof typeof KNOWN) => graphFilter(what, KNOWN[key]);
const isAll = (product: string) => product.toLowerCase() === "all";

const query = z.strictObject({
  serviceSource: filter("a Graph serviceSource", "serviceSource")
    .superRefine((products, ctx) => {
      if (products.some(isAll) && products.length > 1)
        ctx.addIssue({ code: "custom", message: "all means every product: write it alone, or list the products" });
    })
    .transform((products) => (products.some(isAll) ? [] : products))
    .default([DEFAULT_SERVICE_SOURCE])
    .describe("Only these products' alerts, or all; default Defender for Endpoint's."),
  severity: filter("a severity", "severity").default([]).describe("Only alerts of these severities."),
  status: filter("a status", "status").default([]).describe("Only alerts in these states."),
});

export const graphOptions = z.strictObject({
  ...sourceKeys,
  query: section(query.prefault({})).describe(
    "Filters of Graph alerts_v2; several values of one filter are one request each.",
  ),
  messagePer,
  pageSize: graphPageSize("Alerts"),
});

export type GraphConfig = SourceConfigOf<typeof graphOptions>;

export const graphWarnings = (options: z.output<typeof graphOptions>): OptionWarning[] =>
  unlistedValues(KNOWN, options.query);
