/** The message formats a mapping can name. A new format is a folder beside these plus one import and one entry. */
import cef from "./cef/index.js";
import type { FormatComponent } from "./format.js";
import json from "./json/index.js";
import leef from "./leef/index.js";

export const FORMATS = [cef, leef, json] as const;

export type FormatName = (typeof FORMATS)[number]["name"];
export const FORMAT_NAMES = FORMATS.map((f) => f.name) as [FormatName, ...FormatName[]];

export function formatNamed(name: string): FormatComponent | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The format a validated mapping names: the schema only lets through names of this list. */
export function formatOf(name: FormatName): FormatComponent {
  const format = formatNamed(name);
  if (!format) throw new Error(`no format ${name}`);
  return format;
}
