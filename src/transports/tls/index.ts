/** Syslog over TLS (RFC 5425): TCP's persistent connection, verified, with optional mutual TLS. */
import { defineTransport } from "../component.js";
import { probeTls } from "./probe.js";
import { tlsOptions } from "./options.js";
import { createTlsTransport } from "./transport.js";

export default defineTransport({ name: "tls", options: tlsOptions, create: createTlsTransport, probe: probeTls });
