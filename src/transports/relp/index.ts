/** Syslog over RELP (rsyslog's imrelp): every message acknowledged by the receiver, plain or over TLS. */
import { defineTransport } from "../component.js";
import { relpLacks, relpOptions } from "./options.js";
import { probeRelp } from "./probe.js";
import { createRelpTransport } from "./transport.js";

export default defineTransport({
  name: "relp",
  options: relpOptions,
  lacks: relpLacks,
  create: createRelpTransport,
  probe: probeRelp,
});
