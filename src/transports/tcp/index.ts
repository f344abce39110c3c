/** Syslog over plain TCP (RFC 6587): one persistent connection, LF framing by default. */
import { defineTransport } from "../component.js";
import { probeTcp } from "./probe.js";
import { tcpOptions } from "./options.js";
import { createTcpTransport } from "./transport.js";

export default defineTransport({ name: "tcp", options: tcpOptions, create: createTcpTransport, probe: probeTcp });
