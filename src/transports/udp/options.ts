/** `output` keys of the UDP transport. */
import * as z from "zod";
import type { OptionsOf } from "../component.js";
import { receiverKeys, syslogKeys } from "../options.js";

/** The largest IPv4 datagram's payload: 65,535 minus the IP and UDP headers. */
export const MAX_IPV4_DATAGRAM = 65_507;

export const udpOptions = z.strictObject({ ...receiverKeys(514), ...syslogKeys }).superRefine((o, ctx) => {
  if (o.maxMessageBytes > MAX_IPV4_DATAGRAM)
    ctx.addIssue({
      code: "custom",
      path: ["maxMessageBytes"],
      message: `expected at most ${MAX_IPV4_DATAGRAM} for udp (the largest IPv4 datagram), got ${o.maxMessageBytes}`,
    });
});

export type UdpOptions = OptionsOf<typeof udpOptions>;
