/**
 * `$top`, `$skip`, `$skiptoken` and `$expand` of an OData collection request, and the links to the next page:
 * the Alerts API's repeat the query with the next `$skip`, Graph's carry an opaque `$skiptoken`.
 */
import { param } from "../context.js";
import { parseFilter, type Comparison } from "./filter.js";

export interface CollectionRules {
  filterable: readonly string[];
  /** The largest `$top` accepted (400 above it); 0: `$top` itself is refused, as by a stricter service. */
  maxTop: number;
  /** The page size when the request has no `$top`: the server's own paging, followed by the next link. */
  pageSize: number;
  /** What `$expand` may name. */
  expandable: readonly string[];
  /** Graph pages with `$skiptoken`; the Alerts API with `$skip`. */
  skipToken: boolean;
}

export interface PageRequest {
  filter: Comparison[];
  top: number;
  skip: number;
  expand: string[];
}

const whole = (name: string, text: string | undefined, fallback: number): number | string =>
  text === undefined ? fallback : /^\d+$/.test(text) ? Number(text) : `${name} must be a whole number, got '${text}'`;

export function pageRequestOf(query: Record<string, string[]>, rules: CollectionRules): PageRequest | string {
  const one = (name: string) => param(query, name)[0];
  const filterText = one("$filter");
  const filter = filterText === undefined ? [] : parseFilter(filterText, rules.filterable);
  if (typeof filter === "string") return filter;
  const topText = one("$top");
  if (topText !== undefined && rules.maxTop === 0)
    return "The query specified in the URI is not valid. Query option '$top' is not allowed.";
  const top = whole("$top", topText, rules.pageSize);
  if (typeof top === "string") return top;
  if (topText !== undefined && top > rules.maxTop)
    return `The limit of '${rules.maxTop}' for Top query has been exceeded. The value from the incoming request is '${top}'.`;
  const token = one("$skiptoken");
  const skip = token !== undefined && rules.skipToken ? skipOfToken(token) : whole("$skip", one("$skip"), 0);
  if (typeof skip === "string") return skip;
  const expand = (one("$expand") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const unknown = expand.find((e) => !rules.expandable.includes(e));
  if (unknown !== undefined)
    return `$expand of '${unknown}' is not supported${rules.expandable.length ? `; expandable: ${rules.expandable.join(", ")}` : ""}`;
  return { filter, top, skip, expand };
}

function skipOfToken(token: string): number | string {
  try {
    const skip = (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { skip?: unknown }).skip;
    if (typeof skip === "number" && Number.isInteger(skip) && skip >= 0) return skip;
  } catch {
    // An unreadable token is refused below, like any other.
  }
  return `$skiptoken '${token}' is not valid`;
}

/** The absolute link to the page after this one, when more remains. */
export function nextLinkOf(
  requestUrl: string,
  query: Record<string, string[]>,
  page: PageRequest,
  total: number,
  rules: CollectionRules,
): string | undefined {
  const next = page.skip + page.top;
  if (page.top === 0 || next >= total) return undefined;
  const url = new URL(requestUrl);
  url.search = "";
  for (const [name, values] of Object.entries(query)) {
    if (["$skip", "$skiptoken"].includes(name.toLowerCase())) continue;
    for (const v of values) url.searchParams.append(name, v);
  }
  if (rules.skipToken)
    url.searchParams.set("$skiptoken", Buffer.from(JSON.stringify({ skip: next })).toString("base64url"));
  else url.searchParams.set("$skip", String(next));
  return url.href;
}
