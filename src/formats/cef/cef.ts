/** CEF (ArcSight): the format as the mapping compiler sees it. */
import type { Format } from "../format.js";
import { checkCef } from "./check.js";
import { CEF_HEADER, compileCef } from "./encoder.js";

export const cef: Format = {
  header: {
    required: [...CEF_HEADER.map(([name]) => name), "severity"],
    optional: [],
    text: ["vendor", "product", "version"],
  },
  check: checkCef,
  compile: compileCef,
};
