/** `check --online` for UDP: listens for the port-unreachable a closed port answers with. */
import { createSocket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../errors.js";
import { SETTLE_MS, where } from "../probe.js";
import type { UdpOptions } from "./options.js";

/**
 * UDP has no connection, but a connected socket hears the ICMP port-unreachable a closed port answers with, as
 * ECONNREFUSED. Empty datagrams are the probe: syslog receivers ignore them. No answer proves nothing more.
 */
export async function probeUdp(output: UdpOptions): Promise<string> {
  const { address, family } = await lookup(output.host).catch((err: Error) => {
    throw new AppError("E_CONNECT", `${where(output)}: cannot resolve ${output.host}: ${err.message}`);
  });
  const socket = createSocket(family === 6 ? "udp6" : "udp4");
  const heard: { error?: NodeJS.ErrnoException } = {};
  socket.on("error", (err) => (heard.error ??= err));
  try {
    await new Promise<void>((resolve) => socket.connect(output.port, address, resolve));
    for (let i = 0; i < 2 && !heard.error; i++) {
      socket.send(Buffer.alloc(0), (err) => (heard.error ??= err ?? undefined));
      await sleep(SETTLE_MS / 2);
    }
  } finally {
    socket.close();
  }
  if (heard.error?.code === "ECONNREFUSED")
    throw new AppError(
      "E_UDP_UNREACHABLE",
      `${where(output)}: the host answered "port unreachable" (ICMP): nothing listens on UDP port ${output.port}`,
    );
  if (heard.error) throw new AppError("E_CONNECT", `${where(output)}: ${heard.error.message}`);
  return `${where(output)}: no "port unreachable" came back (UDP cannot confirm more: a firewall may drop silently)`;
}
