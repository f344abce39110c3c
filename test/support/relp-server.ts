/**
 * A scripted RELP receiver on loopback, for what a real rsyslog does not do on demand: refuse our offers, refuse a
 * message, stop acknowledging, hint `serverclose` in the middle of a stream. It records every session and what
 * arrived in it, so a test can tell exactly which messages were sent again.
 */
import { createServer, type Server, type Socket } from "node:net";
import { encodeFrame, FrameParser, parseOffers } from "../../src/transports/relp/frame.js";

export interface RelpScript {
  /** The answer to `open`; default: rsyslog's (`200 OK` with relp_version=0 and commands=syslog). */
  open?: string;
  /**
   * What to do with the `index`-th syslog message of session `session` (both from 0): acknowledge it (default),
   * answer it with a negative `rsp`, keep silent, or acknowledge it and then hint `serverclose` and close.
   */
  syslog?: (session: number, index: number) => "ack" | "refuse" | "silent" | "ack-then-serverclose";
}

export interface RelpServerSession {
  offers: Map<string, string[]>;
  /** The syslog messages that arrived in this session, in order. */
  messages: string[];
  /** The session ended with `close` from the client. */
  closed: boolean;
}

export interface RelpServer {
  port: number;
  sessions: RelpServerSession[];
  close(): Promise<void>;
}

const RSYSLOG_OFFERS =
  "200 OK\nrelp_version=0\nrelp_software=http://librelp.adiscon.com,1.11.0,librelp\ncommands=syslog";

export async function startRelpServer(script: RelpScript = {}): Promise<RelpServer> {
  const sessions: RelpServerSession[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket)).on("error", () => undefined);
    const index = sessions.length;
    const session: RelpServerSession = { offers: new Map(), messages: [], closed: false };
    sessions.push(session);
    const parser = new FrameParser();
    socket.on("data", (chunk: Buffer) => {
      for (const frame of parser.push(chunk)) {
        if (socket.destroyed) return;
        if (frame.command === "open") {
          session.offers = parseOffers(frame.data.toString());
          socket.write(encodeFrame(frame.txnr, "rsp", script.open ?? RSYSLOG_OFFERS));
        } else if (frame.command === "close") {
          session.closed = true;
          socket.end(encodeFrame(frame.txnr, "rsp"));
        } else if (frame.command === "syslog") {
          const action = script.syslog?.(index, session.messages.length) ?? "ack";
          session.messages.push(frame.data.toString());
          if (action === "refuse") socket.write(encodeFrame(frame.txnr, "rsp", "500 message refused"));
          if (action === "ack" || action === "ack-then-serverclose")
            socket.write(encodeFrame(frame.txnr, "rsp", "200 OK"));
          if (action === "ack-then-serverclose") socket.end(encodeFrame(0, "serverclose"));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    sessions,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
