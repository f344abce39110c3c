/** Syslog over UDP (RFC 5426): one message per datagram, best effort. */
import { defineTransport } from "../component.js";
import { udpOptions } from "./options.js";
import { UdpTransport } from "./transport.js";

export default defineTransport({
  name: "udp",
  options: udpOptions,
  create: (output, deps) => new UdpTransport(output, deps),
});
