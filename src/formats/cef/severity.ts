/**
 * CEF severity: an integer 0-10 or one of the words Unknown, Low, Medium, High, Very-High. The numeric form given to
 * the transport takes each word at the top of its band (0-3 Low, 4-6 Medium, 7-8 High, 9-10 Very-High).
 */
import { numericSeverity } from "../severity.js";

export interface Severity {
  text: string;
  level?: number;
}

export const UNKNOWN_SEVERITY: Severity = { text: "Unknown" };

const WORDS = new Map<string, Severity>([
  ["unknown", UNKNOWN_SEVERITY],
  ["low", { text: "Low", level: 3 }],
  ["medium", { text: "Medium", level: 6 }],
  ["high", { text: "High", level: 8 }],
  ["very-high", { text: "Very-High", level: 10 }],
]);

/** The CEF severity a value stands for, or undefined when it is none. */
export function cefSeverity(value: string): Severity | undefined {
  const level = numericSeverity(value);
  return level === undefined ? WORDS.get(value.trim().toLowerCase()) : { text: String(level), level };
}
