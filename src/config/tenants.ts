/**
 * `tenants:` as the loader reads it: each tenant is the configuration with its own keys laid over `source:`, checked
 * like a single-tenant file; a problem is then reported where its key was written: in the tenant's entry when the
 * tenant set the key (or neither did), in `source:` when the tenant inherited it. Pure.
 */
import type { KeyPath } from "./yaml-file.js";

/** The name of the one tenant of a file without `tenants:` ($tenant.name in its messages). */
export const DEFAULT_TENANT_NAME = "default";

export interface TenantView {
  /** The tenant's name; undefined for the one tenant of a file without `tenants:`. */
  name?: string;
  /** Its place in `tenants:`. */
  index?: number;
  /** The whole configuration as this tenant sees it: `source` merged. */
  input: unknown;
  /** Where a problem found at `path` of `input` was written in the file. */
  relocate(path: KeyPath): KeyPath;
  /** Whether a problem found at `path` is reported (not one the tenants of a malformed `tenants:` would settle). */
  reports(path: KeyPath): boolean;
}

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

/** One view per tenant; one view of the file as written when it has no `tenants:` list (or a malformed one). */
export function tenantViews(input: unknown): TenantView[] {
  const whole: TenantView = { input, relocate: (path) => path, reports: () => true };
  if (!isMapping(input) || !("tenants" in input) || input.tenants === undefined) return [whole];
  const shared = isMapping(input.source) ? input.source : {};
  const entries: unknown = input.tenants;
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isMapping))
    // `tenants: []` is one problem, at tenants: the keys its entries would set (tenantId…) are not asked of source:.
    return [{ ...whole, reports: (path) => path[0] !== "source" || (path.length > 1 && String(path[1]) in shared) }];
  return entries.map((entry: Mapping, i) => {
    const { name, ...own } = entry;
    return {
      name: typeof name === "string" ? name : undefined,
      index: i,
      input: { ...input, source: { ...shared, ...own } },
      reports: () => true,
      relocate: (path) => {
        if (path[0] !== "source") return path;
        const key = path[1];
        // A key missing everywhere is the tenant's to add; a problem with the whole section is the tenant's too.
        if (key === undefined || typeof key !== "string" || key in own || !(key in shared))
          return ["tenants", i, ...path.slice(1)];
        return path;
      },
    };
  });
}
