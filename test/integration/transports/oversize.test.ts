/**
 * A message over output.maxMessageBytes is never sent whole, nor cut: the batch is refused with the message's
 * index and size, and nothing of it reaches the receiver (rsyslog would pass a cut message's remainder on as a
 * bogus message of its own).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransport } from "../../../src/transports/registry.js";
import { startRsyslog, type Rsyslog } from "../../support/rsyslog.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

let rsyslog: Rsyslog;
beforeAll(async () => {
  rsyslog = await startRsyslog();
});
afterAll(() => rsyslog?.dispose());

const cef = (name: string, filler = 0) => ({
  payload: `CEF:0|Microsoft|MDE|2.0|A|${name}|5|msg=${"x".repeat(filler)}`,
});

describe("oversize messages", () => {
  it("over TCP: the batch holding one is refused whole; the next batch is delivered", async () => {
    const transport = createTransport(
      outputConfig({ transport: "tcp", port: rsyslog.ports.tcp, maxMessageBytes: 1024, header: "none" }),
      transportDeps(),
    );
    const refused = transport.send([cef("first"), cef("too long", 2000), cef("third")]);
    await expect(refused).rejects.toMatchObject({
      code: "E_MESSAGE_TOO_LARGE",
      data: { index: 1, limit: 1024, actual: Buffer.byteLength(cef("too long", 2000).payload) },
    });
    await transport.send([cef("after")]);
    await transport.close();
    expect(await rsyslog.waitForLines("tcp", 1)).toEqual([cef("after").payload]);
  });

  it("over UDP: never an EMSGSIZE surprise, the size is checked before sending", async () => {
    const transport = createTransport(
      outputConfig({ transport: "udp", port: rsyslog.ports.udp, maxMessageBytes: 65_507, header: "none" }),
      transportDeps(),
    );
    await expect(transport.send([cef("huge", 70_000)])).rejects.toMatchObject({
      code: "E_MESSAGE_TOO_LARGE",
      data: { index: 0, limit: 65_507 },
    });
    await transport.send([cef("largest", 65_507 - cef("largest").payload.length)]);
    await transport.close();
    const [line] = await rsyslog.waitForLines("udp", 1);
    expect(Buffer.byteLength(line!)).toBe(65_507);
  });
});
