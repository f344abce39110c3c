/**
 * `source` keys the Graph sources share: filters whose values come from Microsoft's Graph schema, and the page size.
 * Graph's enums are evolvable: a value Microsoft added after the schema was generated passes with a warning and is
 * sent as written.
 */
import { intIn } from "../../config/values.js";
import { didYouMean } from "../../util/suggest.js";
import type { OptionWarning } from "../component.js";
import { filterList, knownValue, spelled } from "../options.js";

/** A filter of several values of one Graph enum, each in the schema's spelling whatever the case written. */
export const graphFilter = (what: string, values: readonly string[]) => filterList(what, knownValue(what, values));

/** Filter values the schema does not list (`known`: each filter's values): sent as written, worth a look. */
export function unlistedValues<K extends string>(
  known: Record<K, readonly string[]>,
  query: Record<NoInfer<K>, readonly string[]>,
): OptionWarning[] {
  return (Object.keys(known) as K[]).flatMap((key) => {
    const listed = known[key].filter((v) => v !== "unknownFutureValue");
    return query[key].flatMap((value, i) =>
      spelled(known[key], value) === undefined
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

/** `$top`: none by default, so Graph chooses, as its list pages document no maximum. */
export const graphPageSize = (what: string) =>
  intIn(1, 10_000)
    .optional()
    .describe(`${what} per page ($top); default none: Graph chooses, and pages are followed by @odata.nextLink.`);
