/** `check --online` for TCP: connects, writes empty frames, and tells a TLS port by the receiver closing at once. */
import { connect } from "node:net";
import { AppError } from "../../errors.js";
import { afterWrite, connectTimeout, EMPTY_FRAMES, refused, until, where } from "../probe.js";
import type { TcpOptions } from "./options.js";

export async function probeTcp(output: TcpOptions): Promise<string> {
  const socket = connect({ host: output.host, port: output.port });
  await until(
    socket,
    "connect",
    output.connectTimeout,
    (err) => refused(output, err),
    () => connectTimeout(output),
  );
  if ((await afterWrite(socket, EMPTY_FRAMES)) === "closed")
    throw new AppError(
      "E_RECEIVER_CLOSED",
      `${where(output)}: TCP connected, but the receiver closed the connection after the first bytes: ` +
        "is this a TLS port? set output.transport: tls",
    );
  return `${where(output)}: connected; the receiver kept the connection open`;
}
