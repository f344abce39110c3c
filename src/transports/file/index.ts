/** Messages appended to a file, one per line, reopened on SIGHUP for logrotate. */
import { defineTransport } from "../component.js";
import { fileOptions } from "./options.js";
import { FileTransport } from "./transport.js";

export default defineTransport({
  name: "file",
  options: fileOptions,
  create: (output, deps) => new FileTransport(output, deps),
});
