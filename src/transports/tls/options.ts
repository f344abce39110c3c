/** `output` keys of the TLS transport: TCP's, port 6514 and octet counting by default, and `output.tls`. */
import * as z from "zod";
import type { OptionsOf } from "../component.js";
import { section } from "../../config/values.js";
import { checkReconnectDelays, receiverKeys, streamKeys, syslogKeys, tlsKeys } from "../options.js";

export const tlsOptions = z
  .strictObject({
    ...receiverKeys(6514),
    ...streamKeys("octet-counting"),
    ...syslogKeys,
    tls: section(tlsKeys.prefault({})).describe("Certificates and verification (TLS 1.2 at least)."),
  })
  .superRefine(checkReconnectDelays);

export type TlsOptions = OptionsOf<typeof tlsOptions>;
