/**
 * `$filter` expressions for the Alerts API and Graph, using only what both document: `ge`, `lt`, `eq` and `and`.
 * A filter with several accepted values becomes several expressions (one request sequence each) rather than an `or`.
 */
import type { SourceWindow } from "../source.js";

/** An OData string literal: single quotes, an embedded quote doubled. */
export const odataString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * `time ge <since> and time lt <until>`, then one `and field eq 'value'` per facet, for every combination of values.
 */
export function odataFilters(
  timeField: string,
  window: SourceWindow,
  facets: [field: string, values: readonly string[]][],
): string[] {
  const base = `${timeField} ge ${window.since.toISOString()} and ${timeField} lt ${window.until.toISOString()}`;
  return facets
    .filter(([, values]) => values.length > 0)
    .reduce(
      (filters, [field, values]) => filters.flatMap((f) => values.map((v) => `${f} and ${field} eq ${odataString(v)}`)),
      [base],
    );
}
