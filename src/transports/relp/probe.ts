/** `check --online` for RELP: opens a session as the transport does, reports what the receiver offered, closes it. */
import { TLSSocket } from "node:tls";
import { SETTLE_MS, where } from "../probe.js";
import type { RelpOptions } from "./options.js";
import { RelpSession } from "./session.js";
import { relpOpener } from "./transport.js";

export async function probeRelp(output: RelpOptions): Promise<string> {
  const socket = await relpOpener(output).open(new AbortController().signal);
  const session = new RelpSession(socket, where(output), { onResponse: () => undefined, onLost: () => undefined });
  const offers = await session.open(output.connectTimeout);
  await session.close(SETTLE_MS);
  const software = offers.get("relp_software")?.join(" ");
  const tls =
    socket instanceof TLSSocket
      ? `, ${socket.getProtocol()}, ${socket.authorized ? "certificate verified" : "certificate NOT verified (rejectUnauthorized: false)"}`
      : "";
  return `${where(output)}: RELP session opened${tls}; the receiver accepts syslog${software ? ` (${software})` : ""}`;
}
