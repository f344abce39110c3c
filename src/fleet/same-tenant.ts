/**
 * Whether a reloaded tenant is the running one unchanged. Secrets are compared by value (a rotated client secret
 * restarts the tenant) without their values ever leaving this module.
 */
import { Secret } from "../config/secret.js";
import type { TenantConfig } from "../config/config.js";

export function sameTenant(a: TenantConfig, b: TenantConfig): boolean {
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Secret || b instanceof Secret)
    return a instanceof Secret && b instanceof Secret && a.reveal() === b.reveal();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
