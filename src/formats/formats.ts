/** The message formats a mapping can name. A new format is a folder beside these and one line here. */
import { cef } from "./cef/cef.js";
import type { Format } from "./format.js";
import { json } from "./json/json.js";
import { leef } from "./leef/leef.js";

export const FORMATS = { cef, leef, json } as const satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
