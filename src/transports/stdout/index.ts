/** Messages to standard output, one per line: for trying the product, the demo and `--dry-run`. */
import { defineTransport } from "../component.js";
import { stdoutOptions } from "./options.js";
import { createStdoutTransport } from "./transport.js";

export default defineTransport({ name: "stdout", options: stdoutOptions, create: createStdoutTransport });
