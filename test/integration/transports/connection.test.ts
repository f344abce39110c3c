/**
 * Whether a lost connection's recent writes are written again: always after an error or a recent write, but not when
 * the receiver closed cleanly long after the last write (it read everything: a close with unread data is a reset).
 */
import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Connection, type Loss } from "../../../src/transports/connection.js";

let server: Server | undefined;
afterEach(() => server?.close());

/** A connection to a local server, with a clock the test moves; resolves with the server's side too. */
async function connectionPair(clock: { now: number }, { allowHalfOpen = false } = {}) {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer({ allowHalfOpen }, resolve);
  });
  server!.listen(0, "127.0.0.1");
  await once(server!, "listening");
  const socket = connect((server!.address() as { port: number }).port, "127.0.0.1");
  await once(socket, "connect");
  let lost: (loss: Loss) => void = () => undefined;
  const loss = new Promise<Loss>((resolve) => (lost = resolve));
  const connection = new Connection(
    socket,
    { writeTimeoutMs: 5_000 },
    (_c, l) => lost(l),
    () => clock.now,
  );
  return { connection, socket, peer: await accepted, loss };
}

describe("Connection", () => {
  it("a clean close long after the last write needs no resend", async () => {
    const clock = { now: 0 };
    const { connection, peer, loss } = await connectionPair(clock);
    await new Promise<void>((resolve) => connection.write(Buffer.from("a\n"), resolve));
    clock.now += 10_000;
    peer.end();
    expect(await loss).toEqual({ error: undefined, recentWrites: false });
    expect(connection.alive).toBe(false);
  });

  it("a clean close right after a write may have lost it", async () => {
    const clock = { now: 0 };
    const { connection, peer, loss } = await connectionPair(clock);
    await new Promise<void>((resolve) => connection.write(Buffer.from("a\n"), resolve));
    peer.end();
    expect(await loss).toMatchObject({ recentWrites: true });
  });

  it("a reset is an error", async () => {
    const { peer, loss } = await connectionPair({ now: 0 });
    peer.resetAndDestroy();
    expect((await loss).error).toMatchObject({ code: "ECONNRESET" });
  });

  it("end() is clean when the receiver reads to the end and closes in turn", async () => {
    const { connection, peer } = await connectionPair({ now: 0 });
    const read = new Promise<string>((resolve) => {
      let text = "";
      peer.on("data", (chunk: Buffer) => (text += chunk.toString())).on("end", () => resolve(text));
    });
    connection.write(Buffer.from("a\n"), () => undefined);
    expect(await connection.end(2_000)).toBe(true);
    expect(await read).toBe("a\n");
  });

  it("end() is not clean when the receiver resets instead: what was written last may be lost", async () => {
    const { connection, peer } = await connectionPair({ now: 0 }, { allowHalfOpen: true });
    peer.resume().on("end", () => peer.resetAndDestroy());
    connection.write(Buffer.from("a\n"), () => undefined);
    expect(await connection.end(2_000)).toBe(false);
  });

  it("end() is not clean when the receiver does not close its side in time", async () => {
    const { connection } = await connectionPair({ now: 0 }, { allowHalfOpen: true });
    expect(await connection.end(200)).toBe(false);
  });

  it("end() is not clean when the socket was destroyed by an error not yet reported", async () => {
    const { connection, socket } = await connectionPair({ now: 0 });
    socket.destroy(new Error("write EPIPE"));
    expect(await connection.end(2_000)).toBe(false);
  });
});
