/**
 * RELP against a scripted receiver, for what rsyslog does not do on demand: a refused offer, a negative
 * acknowledgement, a receiver that stops acknowledging, a `serverclose` in the middle of a stream. What counts is what
 * the transport confirms (only acknowledged messages) and what it sends again (exactly the unacknowledged ones).
 */
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { createTransport } from "../../../src/transports/registry.js";
import type { OutgoingMessage, Transport } from "../../../src/transports/transport.js";
import { startRelpServer, type RelpScript, type RelpServer } from "../../support/relp-server.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

let server: RelpServer | undefined;
let transport: Transport<number> | undefined;
afterEach(async () => {
  await transport?.close(500);
  await server?.close();
  transport = server = undefined;
});

const messages = (count: number): OutgoingMessage<number>[] =>
  Array.from({ length: count }, (_, i) => ({ payload: `CEF:0|Microsoft|MDE|2.0|x|message ${i}|5|`, ref: i }));
/** The payload of a message as the receiver got it (after the syslog header). */
const payloads = (arrived: string[]) => arrived.map((m) => m.slice(m.indexOf("CEF:")));
const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));

async function relp(script: RelpScript, overrides: Record<string, unknown> = {}) {
  server = await startRelpServer(script);
  const output = outputConfig({
    transport: "relp",
    port: server.port,
    ackTimeout: 500,
    window: 16,
    retries: 3,
    ...overrides,
  } as never);
  const t = createTransport<number>(output, transportDeps());
  const confirmed: number[] = [];
  t.onConfirmed((refs) => confirmed.push(...refs));
  transport = t;
  return { transport: t, confirmed, server };
}

describe("RELP against a scripted receiver", () => {
  it("offers relp_version 0 and the syslog command, and closes with RELP's close", async () => {
    const { transport, confirmed, server } = await relp({});
    await transport.send(messages(3));
    await transport.flush();
    expect(await transport.close()).toEqual([]);
    expect(confirmed).toEqual([0, 1, 2]);
    expect(server.sessions).toHaveLength(1);
    expect(server.sessions[0]!.offers.get("relp_version")).toEqual(["0"]);
    expect(server.sessions[0]!.offers.get("commands")).toEqual(["syslog"]);
    expect(server.sessions[0]!.closed).toBe(true);
  });

  it("fails at once with E_RELP_OFFER when the receiver refuses the offers", async () => {
    const { transport, server } = await relp({ open: "500 required command not supported by client" });
    const error = await transport.send(messages(1)).catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_RELP_OFFER");
    expect((error as Error).message).toMatch(/refused: it refused our offers \(500 required command/);
    expect(server.sessions).toHaveLength(1);
  });

  it("fails with E_RELP_OFFER when the receiver's answer lacks the syslog command", async () => {
    const { transport } = await relp({ open: "200 OK\nrelp_version=0\ncommands=" });
    const error = await transport.send(messages(1)).catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_RELP_OFFER");
    expect((error as Error).message).toMatch(/does not accept the syslog command/);
  });

  it("does not confirm a message the receiver refuses, nor any after it, and flush fails with E_RELP_REFUSED", async () => {
    const { transport, confirmed } = await relp({ syslog: (_, i) => (i === 2 ? "refuse" : "ack") });
    await transport.send(messages(5));
    const error = await transport.flush().catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_RELP_REFUSED");
    expect((error as Error).message).toMatch(/refused a message \(RELP 500 message refused\)/);
    expect(confirmed).toEqual([0, 1]);
  });

  it("sends exactly the unacknowledged messages again after the receiver stopped acknowledging", async () => {
    // The first session acknowledges 4 messages, then nothing: the ack timeout ends it.
    const { transport, confirmed, server } = await relp({
      syslog: (session, i) => (session === 0 && i >= 4 ? "silent" : "ack"),
    });
    await transport.send(messages(10));
    await transport.flush();
    expect(confirmed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.sessions).toHaveLength(2);
    const [first, second] = server.sessions.map((s) => payloads(s.messages));
    expect(first).toEqual(payloads(messages(10).map((m) => m.payload)));
    // Only what the first session left unacknowledged, in order, and nothing it acknowledged.
    expect(second).toEqual(first!.slice(4));
  });

  it("holds at most `window` messages unacknowledged", async () => {
    const { transport, server } = await relp(
      { syslog: (session) => (session === 0 ? "silent" : "ack") },
      { window: 5 },
    );
    await transport.send(messages(12));
    await transport.flush();
    expect(server.sessions[0]!.messages).toHaveLength(5);
    expect(server.sessions[1]!.messages).toHaveLength(12);
  });

  it("after a serverclose hint, sends again exactly what was not acknowledged before it", async () => {
    const { transport, confirmed, server } = await relp(
      { syslog: (session, i) => (session === 0 && i === 6 ? "ack-then-serverclose" : "ack") },
      { window: 1 },
    );
    await transport.send(messages(10));
    await transport.flush();
    expect(confirmed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [first, second] = server.sessions.map((s) => payloads(s.messages));
    expect(first).toHaveLength(7);
    expect([...first!, ...second!]).toEqual(payloads(messages(10).map((m) => m.payload)));
  });

  it("hands back the unacknowledged messages when closed while the receiver stays silent", async () => {
    const { transport, confirmed } = await relp(
      { syslog: (_, i) => (i < 3 ? "ack" : "silent") },
      { ackTimeout: 60_000 },
    );
    await transport.send(messages(6));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(confirmed).toEqual([0, 1, 2]);
    expect(await transport.close(300)).toEqual([3, 4, 5]);
  });

  it("fails the delivery after output.retries when nothing listens", async () => {
    const { transport } = await relp({});
    await server!.close();
    const error = await transport.send(messages(1)).catch((e: unknown) => e);
    expect(codeOf(error)).toBe("E_DELIVERY");
    expect((error as Error).message).toMatch(/not delivered after 4 failed attempts .*ECONNREFUSED/);
  });
});
