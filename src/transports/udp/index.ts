/** Syslog over UDP (RFC 5426): one message per datagram, best effort. */
import { defineTransport } from "../component.js";
import type { TransportDeps } from "../transport.js";
import { probeUdp } from "./probe.js";
import { udpOptions, type UdpOptions } from "./options.js";
import { UdpTransport } from "./transport.js";

export default defineTransport({
  name: "udp",
  options: udpOptions,
  create: <Ref>(output: UdpOptions, deps: TransportDeps) => new UdpTransport<Ref>(output, deps),
  probe: probeUdp,
});
