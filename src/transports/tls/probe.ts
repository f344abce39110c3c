/** `check --online` for TLS: the handshake, the certificate verdict, and what the receiver's certificate says. */
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { AppError } from "../../errors.js";
import { connectTimeout, refused, seconds, SETTLE_MS, until, where } from "../probe.js";
import type { TlsOptions } from "./options.js";
import { certificateProblem, tlsConnectOptions } from "../tls-connect.js";

export async function probeTls(output: TlsOptions): Promise<string> {
  const socket = tlsConnect(await tlsConnectOptions(output));
  let tcpUp = false;
  socket.once("connect", () => (tcpUp = true));
  const handshake = (detail: string) =>
    new AppError("E_TLS_HANDSHAKE", `${where(output)}: TCP connected but the TLS handshake ${detail}`);
  await until(
    socket,
    "secureConnect",
    output.connectTimeout,
    (err) =>
      certificateProblem(output, err) ??
      (tcpUp ? handshake(`failed: ${err.message}: is this a TLS port?`) : refused(output, err)),
    () =>
      tcpUp
        ? handshake(
            `did not complete within ${seconds(output.connectTimeout)}: is this a plain TCP port? ` +
              "set output.transport: tcp",
          )
        : connectTimeout(output),
  );
  const protocol = socket.getProtocol();
  const refusal = await verdict(socket);
  socket.end();
  if (refusal) throw certificateProblem(output, refusal) ?? handshake(`failed: ${refusal.message}`);
  const verified = socket.authorized ? "certificate verified" : "certificate NOT verified (rejectUnauthorized: false)";
  return `${where(output)}: connected, ${protocol}, ${verified}${validity(socket)}`;
}

/** TLS 1.3 servers judge the client's certificate after the handshake: their ticket or their alert is the verdict. */
function verdict(socket: TLSSocket): Promise<Error | undefined> {
  if (socket.getProtocol() !== "TLSv1.3") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      resolve(err);
    };
    const timer = setTimeout(() => done(), SETTLE_MS);
    socket.once("session", () => done()).once("error", (err: Error) => done(err));
  });
}

function validity(socket: TLSSocket): string {
  const cert = socket.getPeerCertificate();
  if (!cert?.valid_to) return "";
  const subject = typeof cert.subject?.CN === "string" ? ` for ${cert.subject.CN}` : "";
  return `${subject}, valid until ${new Date(cert.valid_to).toISOString().slice(0, 10)}`;
}
