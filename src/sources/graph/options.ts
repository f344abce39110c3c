/**
 * `source` keys of Graph alerts_v2: its filters, its paging and one message per what. Filter values come from
 * Microsoft's Graph schema and are evolvable: a value Microsoft added after the schema was generated passes with a
 * warning and is sent as written.
 */
import * as z from "zod";
import { intIn, section } from "../../config/values.js";
import { didYouMean } from "../../util/suggest.js";
import type { OptionWarning, SourceConfigOf } from "../component.js";
import { filterList, knownValue, messagePer, sourceKeys, spelled } from "../options.js";
import { graphEnum } from "./schema-catalogue.js";

export const DEFAULT_SERVICE_SOURCE = "microsoftDefenderForEndpoint";

/** The known values of each filter. */
const KNOWN = {
  serviceSource: graphEnum("security.ServiceSource"),
  severity: graphEnum("security.AlertSeverity"),
  status: graphEnum("security.AlertStatus"),
};

const filter = (what: string, key: keyof typeof KNOWN) => filterList(what, knownValue(what, KNOWN[key]));
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
  pageSize: intIn(1, 10_000)
    .optional()
    .describe("Alerts per page ($top); default none: Graph chooses, and pages are followed by @odata.nextLink."),
});

export type GraphConfig = SourceConfigOf<typeof graphOptions>;

/** Filter values the schema does not list: sent as written, worth a look. */
export function unlistedValues(options: z.output<typeof graphOptions>): OptionWarning[] {
  return (Object.keys(KNOWN) as (keyof typeof KNOWN)[]).flatMap((key) => {
    const listed = KNOWN[key].filter((v) => v !== "unknownFutureValue");
    return options.query[key].flatMap((value, i) =>
      spelled(KNOWN[key], value) === undefined
        ? [
            {
              path: ["query", key, i],
              message: `"${value}" is not among the ${key} values Microsoft's schema lists${didYouMean(value, listed)}: sent as written`,
            },
          ]
        : [],
    );
  });
}
