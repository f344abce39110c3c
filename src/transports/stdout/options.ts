/** `output` keys of the stdout transport: only the syslog header's. */
import * as z from "zod";
import type { OptionsOf } from "../component.js";
import { syslogKeys } from "../options.js";

export const stdoutOptions = z.strictObject({ ...syslogKeys });

export type StdoutOptions = OptionsOf<typeof stdoutOptions>;
