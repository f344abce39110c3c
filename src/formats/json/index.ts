/** JSON lines: `header` is optional and holds only `severity`, which sets the syslog severity of each message. */
import { defineFormat } from "../format.js";
import { checkJson } from "./check.js";
import { compileJson } from "./encoder.js";

export default defineFormat({
  name: "json",
  header: { required: [], optional: ["severity"], text: [] },
  check: checkJson,
  compile: compileJson,
});
