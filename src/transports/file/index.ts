/** Messages appended to a file, one per line, reopened on SIGHUP for logrotate. */
import { defineTransport } from "../component.js";
import type { TransportDeps } from "../transport.js";
import { probeFile } from "./probe.js";
import { fileOptions, type FileOptions } from "./options.js";
import { FileTransport } from "./transport.js";

export default defineTransport({
  name: "file",
  options: fileOptions,
  create: <Ref>(output: FileOptions, deps: TransportDeps) => new FileTransport<Ref>(output, deps),
  probe: probeFile,
});
