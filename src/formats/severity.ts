/**
 * An event severity as an integer 0-10 (a LEEF `sev`, a JSON severity, a CEF number), or undefined when it is not one.
 */
export function numericSeverity(value: string | undefined): number | undefined {
  const v = value?.trim();
  return v !== undefined && /^(?:10|[0-9])$/.test(v) ? Number(v) : undefined;
}
