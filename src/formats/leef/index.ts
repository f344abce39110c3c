/** LEEF (QRadar): LEEF 1.0 with TAB between attributes, or LEEF 2.0 when the header names a delimiter. */
import { defineFormat } from "../format.js";
import { checkLeef } from "./check.js";
import { compileLeef, LEEF_HEADER } from "./encoder.js";

export default defineFormat({
  name: "leef",
  header: {
    required: LEEF_HEADER.map(([name]) => name),
    optional: ["delimiter"],
    text: ["vendor", "product", "version", "delimiter"],
  },
  check: checkLeef,
  compile: compileLeef,
});
