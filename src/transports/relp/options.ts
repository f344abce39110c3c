/** `output` keys of the RELP transport: the receiver, the window and timeouts, the queue, and optional TLS. */
import * as z from "zod";
import type { OptionsOf } from "../component.js";
import { duration, intIn } from "../../config/values.js";
import { checkReconnectDelays, queueKeys, receiverKeys, reconnectKeys, syslogKeys, tlsKeys } from "../options.js";

export const relpOptions = z
  .strictObject({
    ...receiverKeys(20514),
    connectTimeout: duration("PT0.1S", "PT10M")
      .prefault("PT10S")
      .describe("A session (TCP, the TLS handshake and RELP's open with its answer) must be up within this."),
    ackTimeout: duration("PT0.1S", "PT1H")
      .prefault("PT30S")
      .describe(
        "A message the receiver has not acknowledged within this means the session is dead: it is reopened and " +
          "every unacknowledged message sent again.",
      ),
    window: intIn(1, 100_000)
      .default(128)
      .describe(
        "Messages sent and not yet acknowledged at most (RELP's window, as rsyslog's omrelp): also the most a " +
          "connection reset can repeat.",
      ),
    ...reconnectKeys,
    ...queueKeys,
    ...syslogKeys,
    // `tls:` with nothing under it means TLS with the defaults, never plain RELP.
    tls: z
      .preprocess((v) => (v === null ? {} : v), tlsKeys.optional())
      .describe(
        'TLS (rsyslog\'s imrelp tls="on"), with the keys of transport tls; `tls: {}` for the defaults. Absent: ' +
          "plain RELP.",
      ),
  })
  .superRefine(checkReconnectDelays);

export type RelpOptions = OptionsOf<typeof relpOptions>;

/** Keys of the stream transports that RELP does without, and why. */
export const relpLacks = {
  framing: "RELP frames every message itself",
  writeTimeout: "output.ackTimeout covers a receiver that stops reading",
  resendBytes: "RELP sends again exactly the messages the receiver did not acknowledge",
};
