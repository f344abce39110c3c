/**
 * What a mapping knows besides the record: the tenant it was fetched for, read as `$tenant.name` and `$tenant.id`
 * (in `field:` and in templates). The mapping is compiled once for every tenant; `encode` is told whose record it is.
 */

/** A tenant as messages name it: its configured name and its `tenantId`. */
export interface TenantLabel {
  name: string;
  id: string;
}

export const TENANT_PREFIX = "$tenant.";

/** The getter of `$tenant.name` or `$tenant.id`, or a message saying what is wrong with the path. */
export function tenantGetter(path: string, tenant: () => TenantLabel | undefined): (() => string | undefined) | string {
  const key = path.slice(TENANT_PREFIX.length).trim();
  if (key === "name") return () => tenant()?.name;
  if (key === "id") return () => tenant()?.id;
  return `"${path}" is not a tenant field: write $tenant.name or $tenant.id`;
}
