/** `output` keys of the file transport. */
import * as z from "zod";
import { required } from "../../config/components.js";
import { localPath } from "../../config/values.js";
import type { OptionsOf } from "../component.js";
import { syslogKeys } from "../options.js";

export const fileOptions = z.strictObject({
  path: required(
    localPath("the path of the output file", "write", "The file messages are appended to (reopened on SIGHUP)."),
    "needs a path",
  ),
  ...syslogKeys,
});

export type FileOptions = OptionsOf<typeof fileOptions>;
