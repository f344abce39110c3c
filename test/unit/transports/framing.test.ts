import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syslogHeader } from "../../../src/formats/syslog-header.js";
import { frameBody, framePrefix, frameSuffix, type WireFraming } from "../../../src/transports/framing.js";
import {
  MessageTooLargeError,
  renderMessages,
  splitChunk,
  type RenderOptions,
} from "../../../src/transports/render.js";

/** One whole framed message, as the renderer puts prefix, body and suffix together. */
const frame = (message: string, framing: WireFraming) =>
  framePrefix(framing, Buffer.byteLength(message)) + frameBody(framing, message) + frameSuffix(framing);

describe("frame", () => {
  it("octet counting prefixes the length in UTF-8 bytes, and keeps LF inside the message", () => {
    expect(frame("é\nx", "octet-counting")).toBe("4 é\nx");
    expect(frame("🛡️", "octet-counting")).toBe("7 🛡️");
  });

  it("LF framing ends the message with LF and turns an LF inside it into a space", () => {
    expect(frame("a\nb\tc", "lf")).toBe("a b\tc\n");
  });

  it("a datagram is the message as it is", () => {
    expect(frame("a\nb", "datagram")).toBe("a\nb");
  });
});

describe("renderMessages", () => {
  const options: RenderOptions = {
    header: "rfc3164",
    facility: 16,
    severity: 6,
    hostname: "h",
    appName: "a",
    maxMessageBytes: 480,
  };
  const now = new Date("2024-11-06T03:04:05Z");

  it("adds the header, using the message's own time when it has one", () => {
    const frames = renderMessages(
      [{ payload: "CEF:0|x" }, { payload: "y", time: new Date("2024-01-02T00:00:00Z") }],
      options,
      "lf",
      now,
    );
    expect(frames.flatMap(splitChunk).map(String)).toEqual([
      "<134>Nov  6 03:04:05 h a: CEF:0|x\n",
      "<134>Jan  2 00:00:00 h a: y\n",
    ]);
  });

  it("accepts a message of exactly maxMessageBytes and refuses one byte more, naming it", () => {
    const header = "<134>Nov  6 03:04:05 h a: ".length;
    const fits = { payload: "é".repeat((480 - header) / 2) };
    expect(renderMessages([fits], options, "octet-counting", now)[0]!.data.toString()).toMatch(/^480 /);
    const over = { payload: `${fits.payload}x` };
    expect(() => renderMessages([fits, over], options, "octet-counting", now)).toThrow(MessageTooLargeError);
    try {
      renderMessages([fits, over], options, "octet-counting", now);
    } catch (err) {
      expect((err as MessageTooLargeError).data).toEqual({ index: 1, limit: 480, actual: 481 });
      expect((err as MessageTooLargeError).code).toBe("E_MESSAGE_TOO_LARGE");
    }
  });

  it("encodes exactly the framed text, for any Unicode content and every framing", () => {
    const payloads = fc.array(fc.string({ unit: "grapheme", maxLength: 600 }), { maxLength: 300 });
    const framings = fc.constantFrom("lf" as const, "octet-counting" as const, "datagram" as const);
    fc.assert(
      fc.property(payloads, framings, fc.integer({ min: 0, max: 10 }), (texts, framing, severity) => {
        const messages = texts.map((payload) => ({ payload, severity }));
        const wide = { ...options, severity: "event" as const, maxMessageBytes: 1_000_000 };
        const got = renderMessages(messages, wide, framing, now).flatMap(splitChunk).map(String);
        expect(got).toEqual(texts.map((t) => frame(syslogHeader(wide, now, severity) + t, framing)));
      }),
    );
  });

  // Without a header, datagrams are joined payload to payload: a high surrogate ending one and a low one starting the
  // next would pair up into 4 bytes where each was measured as 3 (U+FFFD), leaving bytes of the buffer unwritten.
  it("encodes each message as measured when lone surrogates meet across messages", () => {
    const bare = { ...options, header: "none" as const };
    const messages = [{ payload: "a\ud83d" }, { payload: "\ude00b" }, { payload: "é" }];
    const [chunk] = renderMessages(messages, bare, "datagram", now);
    expect(splitChunk(chunk!)).toEqual(messages.map((m) => Buffer.from(m.payload)));
    expect(chunk!.data).toEqual(Buffer.concat(messages.map((m) => Buffer.from(m.payload))));
  });

  it("encodes exactly the bytes measured, whatever code units the messages hold", () => {
    const unit = fc.oneof(fc.constant(0x61), fc.constant(0xe9), fc.integer({ min: 0xd800, max: 0xdfff }));
    const payload = fc.array(unit, { maxLength: 8 }).map((units) => String.fromCharCode(...units));
    const framings = fc.constantFrom("lf" as const, "octet-counting" as const, "datagram" as const);
    const headers = fc.constantFrom("none" as const, "rfc3164" as const);
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 50 }), framings, headers, (texts, framing, header) => {
        const opts = { ...options, header, maxMessageBytes: 1_000_000 };
        const chunks = renderMessages(
          texts.map((t) => ({ payload: t })),
          opts,
          framing,
          now,
        );
        const expected = texts.map((t) => Buffer.from(frame(syslogHeader(opts, now, undefined) + t, framing)));
        expect(chunks.flatMap(splitChunk)).toEqual(expected);
        expect(Buffer.concat(chunks.map((c) => c.data))).toEqual(Buffer.concat(expected));
      }),
    );
  });
});
