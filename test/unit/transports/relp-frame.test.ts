import { describe, expect, it } from "vitest";
import {
  encodeFrame,
  encodeSyslogFrames,
  FrameParser,
  MAX_INCOMING_DATA,
  MAX_TXNR,
  nextTxnr,
  offersProblem,
  parseOffers,
  parseResponse,
  RelpFrameError,
} from "../../../src/transports/relp/frame.js";

const bytes = (s: string) => Buffer.from(s);
const frame = (txnr: number, command: string, data = "") => ({ txnr, command, data: bytes(data) });

describe("encoding RELP frames", () => {
  it("writes TXNR SP COMMAND SP DATALEN SP DATA LF, and no data part for a length of 0", () => {
    expect(encodeFrame(1, "open", "relp_version=0").toString()).toBe("1 open 14 relp_version=0\n");
    expect(encodeFrame(7, "close").toString()).toBe("7 close 0\n");
  });

  it("counts the data in bytes, not characters", () => {
    expect(encodeFrame(2, "syslog", "é🛡️").toString()).toBe("2 syslog 9 é🛡️\n");
  });

  it("numbers consecutive syslog frames in one buffer, an LF inside a message staying inside it", () => {
    const out = encodeSyslogFrames(5, [bytes("<134>1 a"), bytes("two\nlines"), bytes("ü")]);
    expect(out.toString()).toBe("5 syslog 8 <134>1 a\n6 syslog 9 two\nlines\n7 syslog 2 ü\n");
  });

  it("wraps the transaction number after 999,999,999 to 1 (0 is for hints)", () => {
    expect(nextTxnr(MAX_TXNR)).toBe(1);
    expect(nextTxnr(41)).toBe(42);
    expect(encodeSyslogFrames(MAX_TXNR, [bytes("a"), bytes("b")]).toString()).toBe(
      "999999999 syslog 1 a\n1 syslog 1 b\n",
    );
  });
});

describe("parsing RELP frames", () => {
  it("reads what it encodes", () => {
    const parser = new FrameParser();
    expect(parser.push(encodeSyslogFrames(3, [bytes("x y"), bytes("a\nb")]))).toEqual([
      frame(3, "syslog", "x y"),
      frame(4, "syslog", "a\nb"),
    ]);
  });

  it("returns several frames of one chunk, a frame without data among them", () => {
    const parser = new FrameParser();
    expect(parser.push(bytes("2 rsp 6 200 OK\n3 rsp 6 200 OK\n0 serverclose 0\n"))).toEqual([
      frame(2, "rsp", "200 OK"),
      frame(3, "rsp", "200 OK"),
      frame(0, "serverclose"),
    ]);
  });

  it("waits for the rest of a frame cut anywhere, byte by byte included", () => {
    const wire = "12 rsp 6 200 OK\n13 rsp 10 500 broken\n";
    for (let cut = 1; cut < wire.length; cut++) {
      const parser = new FrameParser();
      const frames = [...parser.push(bytes(wire.slice(0, cut))), ...parser.push(bytes(wire.slice(cut)))];
      expect(frames).toEqual([frame(12, "rsp", "200 OK"), frame(13, "rsp", "500 broken")]);
    }
    const parser = new FrameParser();
    const frames = [...wire].flatMap((c) => parser.push(bytes(c)));
    expect(frames).toEqual([frame(12, "rsp", "200 OK"), frame(13, "rsp", "500 broken")]);
  });

  it("takes a multi-byte character split between chunks whole", () => {
    const wire = bytes("1 rsp 10 200 é🛡\n");
    const parser = new FrameParser();
    // Byte 17 is inside the shield's four bytes.
    const frames = [...parser.push(wire.subarray(0, 17)), ...parser.push(wire.subarray(17))];
    expect(frames[0]!.data.toString()).toBe("200 é🛡");
  });

  it.each([
    ["a letter in the transaction number", "1x rsp 6 200 OK\n", /transaction number/],
    ["a transaction number of 10 digits", "1234567890 rsp 0\n", /transaction number/],
    ["no transaction number", " rsp 0\n", /transaction number/],
    ["a digit in the command", "1 rs2 0\n", /command/],
    ["a command of 33 letters", `1 ${"a".repeat(33)} 0\n`, /command/],
    ["no data length", "1 rsp \n", /data length/],
    ["no LF after a data length of 0", "1 rsp 0 \n", /LF after a data length of 0/],
    ["no space before the data", "1 rsp 6\n200 OK\n", /space before the data/],
    ["data longer than its length", "1 rsp 2 200 OK\n", /LF after the data/],
    ["a NUL byte", "1 rsp\u0000", /byte 0x00/],
  ])("refuses %s", (_, wire, message) => {
    const parser = new FrameParser();
    expect(() => parser.push(bytes(wire))).toThrow(RelpFrameError);
    expect(() => new FrameParser().push(bytes(wire))).toThrow(message);
  });

  it("refuses data longer than a receiver ever answers, before reading it", () => {
    expect(() => new FrameParser().push(bytes(`1 rsp ${MAX_INCOMING_DATA + 1} `))).toThrow(/longer than/);
  });
});

describe("RELP responses and offers", () => {
  it("splits a response into code, text and body", () => {
    expect(parseResponse(bytes("200 OK\nrelp_version=0\ncommands=syslog"))).toEqual({
      code: 200,
      text: "OK",
      body: "relp_version=0\ncommands=syslog",
    });
    expect(parseResponse(bytes("500 command disabled"))).toEqual({ code: 500, text: "command disabled", body: "" });
    expect(parseResponse(bytes("200"))).toEqual({ code: 200, text: "", body: "" });
  });

  it("takes an empty response (rsyslog's answer to close) as success", () => {
    expect(parseResponse(Buffer.alloc(0)).code).toBe(200);
  });

  it("refuses a response without a three-digit code", () => {
    expect(() => parseResponse(bytes("OK"))).toThrow(/bad RELP response/);
    expect(() => parseResponse(bytes("20 OK"))).toThrow(/bad RELP response/);
  });

  it("reads rsyslog's offers and accepts them", () => {
    const offers = parseOffers(
      "relp_version=0\nrelp_software=http://librelp.adiscon.com,1.11.0,librelp\ncommands=syslog",
    );
    expect(offers.get("relp_software")).toEqual(["http://librelp.adiscon.com", "1.11.0", "librelp"]);
    expect(offersProblem(offers)).toBeUndefined();
  });

  it.each([
    ["no relp_version", "commands=syslog", /no relp_version/],
    ["a version we do not speak", "relp_version=1\ncommands=syslog", /speaks relp_version 1/],
    ["no syslog command", "relp_version=0\ncommands=", /does not accept the syslog command/],
    ["no commands offer", "relp_version=0", /does not accept the syslog command/],
  ])("refuses offers with %s", (_, body, problem) => {
    expect(offersProblem(parseOffers(body))).toMatch(problem);
  });
});
