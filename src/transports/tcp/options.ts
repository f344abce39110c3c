/** `output` keys of the TCP transport. */
import * as z from "zod";
import type { OptionsOf } from "../component.js";
import { checkReconnectDelays, receiverKeys, streamKeys, syslogKeys } from "../options.js";

export const tcpOptions = z
  .strictObject({ ...receiverKeys(514), ...streamKeys("lf"), ...syslogKeys })
  .superRefine(checkReconnectDelays);

export type TcpOptions = OptionsOf<typeof tcpOptions>;
