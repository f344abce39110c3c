/** What only JSON checks in a layout: severities it can read, keys, and no labels. */
import type { Layout, LayoutIssue } from "../format.js";
import { numericSeverity } from "../severity.js";

export function checkJson(layout: Layout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  for (const v of layout.header.severity?.possible ?? []) {
    if (numericSeverity(v) === undefined)
      issues.push({
        path: ["header", "severity"],
        message: `"${v}" is not a severity: expected an integer from 0 to 10`,
      });
  }
  for (const f of layout.fields) {
    if (f.key === "") issues.push({ path: ["fields", f.key], message: "an empty key" });
    if (f.label !== undefined)
      issues.push({
        path: ["fields", f.key, "label"],
        message: "labels are for CEF custom fields; a JSON member is named by its key",
      });
  }
  return issues;
}
