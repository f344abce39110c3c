import { describe, expect, it } from "vitest";
import { frame } from "../../../src/transports/framing.js";
import { MessageTooLargeError, renderMessages, type RenderOptions } from "../../../src/transports/render.js";

describe("frame", () => {
  it("octet counting prefixes the length in UTF-8 bytes, and keeps LF inside the message", () => {
    expect(frame("é\nx", "octet-counting")).toEqual({ text: "4 é\nx", bytes: 6 });
    expect(frame("🛡️", "octet-counting").text).toBe("7 🛡️");
  });

  it("LF framing ends the message with LF and turns an LF inside it into a space", () => {
    expect(frame("a\nb\tc", "lf")).toEqual({ text: "a b\tc\n", bytes: 6 });
  });

  it("a datagram is the message as it is", () => {
    expect(frame("a\nb", "datagram")).toEqual({ text: "a\nb", bytes: 3 });
  });
});

describe("renderMessages", () => {
  const options: RenderOptions = { header: "rfc3164", facility: 16, severity: 6, hostname: "h", appName: "a", maxMessageBytes: 480 };
  const now = new Date("2024-11-06T03:04:05Z");

  it("adds the header, using the message's own time when it has one", () => {
    const frames = renderMessages([{ payload: "CEF:0|x" }, { payload: "y", time: new Date("2024-01-02T00:00:00Z") }], options, "lf", now);
    expect(frames.map((f) => f.text)).toEqual(["<134>Nov  6 03:04:05 h a: CEF:0|x\n", "<134>Jan  2 00:00:00 h a: y\n"]);
  });

  it("accepts a message of exactly maxMessageBytes and refuses one byte more, naming it", () => {
    const header = "<134>Nov  6 03:04:05 h a: ".length;
    const fits = { payload: "é".repeat((480 - header) / 2) };
    expect(renderMessages([fits], options, "octet-counting", now)[0]!.text).toMatch(/^480 /);
    const over = { payload: `${fits.payload}x` };
    expect(() => renderMessages([fits, over], options, "octet-counting", now)).toThrow(MessageTooLargeError);
    try {
      renderMessages([fits, over], options, "octet-counting", now);
    } catch (err) {
      expect((err as MessageTooLargeError).data).toEqual({ index: 1, limit: 480, actual: 481 });
      expect((err as MessageTooLargeError).code).toBe("E_MESSAGE_TOO_LARGE");
    }
  });
});
