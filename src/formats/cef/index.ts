/** CEF (ArcSight): the format as the mapping compiler sees it. */
import { defineFormat } from "../format.js";
import { checkCef } from "./check.js";
import { CEF_HEADER, compileCef } from "./encoder.js";

export default defineFormat({
  name: "cef",
  header: {
    required: [...CEF_HEADER.map(([name]) => name), "severity"],
    optional: [],
    text: ["vendor", "product", "version"],
  },
  check: checkCef,
  compile: compileCef,
});
