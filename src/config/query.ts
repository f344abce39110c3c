/**
 * `source.query`: each API's own filters. The schema accepts every API's keys so a misspelt key still gets "did you
 * mean"; `queryProblems` then rejects the keys and values that are not the configured API's, and `normalizeQuery`
 * gives each value Microsoft's spelling (the Alerts API writes `InProgress`, Graph `inProgress`).
 */
import * as z from "zod";
import { ALERTS_ENUMS } from "../sources/alerts/fields.js";
import { graphEnum } from "../sources/graph/schema-catalogue.js";
import { didYouMean } from "../util/suggest.js";
import type { Api, SourceFilters } from "./config.js";

export const DEFAULT_SERVICE_SOURCE = "microsoftDefenderForEndpoint";

/**
 * Known values per filter. Graph's come from its schema and are evolvable: a value Microsoft added after the schema
 * was generated passes with a warning and is sent as written. The Alerts API's are its documented, closed lists.
 */
const ENUMS = {
  alerts: { severity: ALERTS_ENUMS.severity!, status: ALERTS_ENUMS.status! },
  graph: {
    severity: graphEnum("security.AlertSeverity"),
    status: graphEnum("security.AlertStatus"),
    serviceSource: graphEnum("security.ServiceSource"),
  },
} as const;
const EVOLVABLE: readonly Api[] = ["graph"];

const KEYS_OF: Record<Api, readonly string[]> = {
  siem: ["machineGroups", "deviceCreatedMachineTags", "cloudCreatedMachineTags"],
  alerts: ["severity", "status", "detectionSource", "expandEvidence"],
  graph: ["serviceSource", "severity", "status"],
};

const nonEmpty = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty value` });
/** One value or a list of them: a lone YAML scalar (or a `${VAR}`) is a list of one. */
const list = (what: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z.array(nonEmpty(what), { error: `expected a list of ${what}s` }),
  );
const flag = z.preprocess(
  (v) => ({ true: true, false: false })[String(v)] ?? v,
  z.boolean({ error: "expected true or false" }),
);

export const querySchema = z.strictObject({
  machineGroups: z
    .array(nonEmpty("a machine group name"), { error: "expected a list of machine group names" })
    .optional(),
  deviceCreatedMachineTags: z.string({ error: "expected a device tag" }).optional(),
  cloudCreatedMachineTags: z.string({ error: "expected a portal machine tag" }).optional(),
  severity: list("a severity").optional(),
  status: list("a status").optional(),
  detectionSource: list("a detection source").optional(),
  expandEvidence: flag.optional(),
  serviceSource: list("a Graph serviceSource").optional(),
});

export type RawQuery = z.output<typeof querySchema>;
type Problem = { path: (string | number)[]; message: string };

const apisWith = (key: string) => (Object.keys(KEYS_OF) as Api[]).filter((a) => KEYS_OF[a].includes(key));
const enumOf = (api: Api, key: string): readonly string[] | undefined =>
  (ENUMS as Record<string, Record<string, readonly string[]>>)[api]?.[key];
const canonical = (values: readonly string[], value: string) =>
  values.find((v) => v.toLowerCase() === value.toLowerCase());

/** Keys the configured API does not read, and values of a closed enum it does not know. */
export function queryProblems(api: Api, query: RawQuery | undefined): Problem[] {
  if (query === undefined) return [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const at = ["source", "query", key];
    if (!KEYS_OF[api].includes(key)) {
      problems.push({ path: at, message: `only for api ${apisWith(key).join(" or ")}, not ${api}` });
      continue;
    }
    if (
      key === "serviceSource" &&
      (value as string[]).some((v) => v.toLowerCase() === "all") &&
      (value as string[]).length > 1
    ) {
      problems.push({ path: at, message: "all means every product: write it alone, or list the products" });
      continue;
    }
    if (!EVOLVABLE.includes(api)) problems.push(...unknownValues(api, key, value));
  }
  return problems;
}

/** Values of an evolvable enum that its schema does not list: sent as written, worth a look. */
export function queryWarnings(api: Api, query: RawQuery | undefined): Problem[] {
  if (query === undefined || !EVOLVABLE.includes(api)) return [];
  return Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : unknownValues(api, key, value)));
}

function unknownValues(api: Api, key: string, value: unknown): Problem[] {
  const known = enumOf(api, key);
  if (!known || !KEYS_OF[api].includes(key)) return [];
  const listed = known.filter((v) => v !== "unknownFutureValue");
  return (value as string[]).flatMap((v, i) => {
    if (canonical(known, v) !== undefined || (key === "serviceSource" && v.toLowerCase() === "all")) return [];
    const all = key === "serviceSource" ? ", or all" : "";
    const message = EVOLVABLE.includes(api)
      ? `"${v}" is not among the ${key} values Microsoft's schema lists${didYouMean(v, listed)}: sent as written`
      : `expected one of ${listed.join(", ")}${all} for api ${api}, got "${v}"`;
    return [{ path: ["source", "query", key, i], message }];
  });
}

/** The configured API's filters with their defaults, in Microsoft's spelling. */
export function normalizeQuery(api: Api, query: RawQuery = {}): SourceFilters {
  const spelled = (key: "severity" | "status" | "serviceSource", values: string[] = []) =>
    values.map((v) => canonical(enumOf(api, key) ?? [], v) ?? v);
  switch (api) {
    case "siem":
      return {
        api,
        machineGroups: query.machineGroups ?? [],
        deviceCreatedMachineTags: query.deviceCreatedMachineTags ?? "",
        cloudCreatedMachineTags: query.cloudCreatedMachineTags ?? "",
      };
    case "alerts":
      return {
        api,
        severity: spelled("severity", query.severity),
        status: spelled("status", query.status),
        detectionSource: query.detectionSource ?? [],
        expandEvidence: query.expandEvidence ?? true,
      };
    case "graph": {
      const products = query.serviceSource ?? [DEFAULT_SERVICE_SOURCE];
      const all = products.some((p) => p.toLowerCase() === "all");
      return {
        api,
        serviceSource: all ? [] : spelled("serviceSource", products),
        severity: spelled("severity", query.severity),
        status: spelled("status", query.status),
      };
    }
  }
}

/** The filters of the API a source implements: a source is only ever created for its own API. */
export function filtersFor<A extends Api>(filters: SourceFilters, api: A): Extract<SourceFilters, { api: A }> {
  if (filters.api !== api) throw new Error(`source.query holds ${filters.api} filters, not ${api}`);
  return filters as Extract<SourceFilters, { api: A }>;
}
