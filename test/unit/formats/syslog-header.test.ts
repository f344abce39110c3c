import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  headerOverhead,
  rfc3164Time,
  severityFromEvent,
  syslogHeader,
  syslogSeverity,
  type HeaderOptions,
} from "../../../src/formats/syslog-header.js";

const base: HeaderOptions = {
  header: "rfc5424",
  facility: 16,
  severity: 6,
  hostname: "collector01",
  appName: "mde-forwarder",
};
const time = new Date("2024-11-06T03:04:05.678Z");

describe("syslogHeader", () => {
  it("writes RFC 5424 with PRI, version, UTC timestamp and nil PROCID, MSGID and STRUCTURED-DATA", () => {
    expect(syslogHeader(base, time)).toBe("<134>1 2024-11-06T03:04:05.678Z collector01 mde-forwarder - - - ");
  });

  it("writes RFC 3164 with the day padded by a space, in UTC", () => {
    expect(syslogHeader({ ...base, header: "rfc3164" }, time)).toBe("<134>Nov  6 03:04:05 collector01 mde-forwarder: ");
    expect(rfc3164Time(new Date("2025-01-18T23:59:59.999Z"))).toBe("Jan 18 23:59:59");
  });

  it("writes nothing for header none", () => {
    expect(syslogHeader({ ...base, header: "none" }, time)).toBe("");
  });

  it("takes facility 0 (kern) and severity 0 (emerg)", () => {
    expect(syslogHeader({ ...base, facility: 0, severity: 0 }, time)).toMatch(/^<0>1 /);
    expect(syslogHeader({ ...base, facility: 23, severity: 7 }, time)).toMatch(/^<191>1 /);
  });

  it("follows the event's severity when asked to", () => {
    const follow = { ...base, severity: "event" as const };
    expect(syslogHeader(follow, time, 9)).toMatch(/^<130>/);
    expect(syslogHeader(follow, time)).toMatch(/^<134>/);
  });
});

describe("syslogSeverity", () => {
  it("maps the CEF scale: 0-3 notice, 4-6 warning, 7-8 err, 9-10 crit", () => {
    expect([0, 3, 4, 6, 7, 8, 9, 10].map(severityFromEvent)).toEqual([5, 5, 4, 4, 3, 3, 2, 2]);
  });

  it("is fixed unless the configuration says event; info when the event has none", () => {
    expect(syslogSeverity({ severity: 3 }, 10)).toBe(3);
    expect(syslogSeverity({ severity: "event" }, undefined)).toBe(6);
    expect(syslogSeverity({ severity: "event" }, Number.NaN)).toBe(6);
  });
});

describe("headerOverhead", () => {
  const options = fc.record({
    header: fc.constantFrom("rfc5424" as const, "rfc3164" as const, "none" as const),
    facility: fc.integer({ min: 0, max: 23 }),
    severity: fc.oneof(fc.integer({ min: 0, max: 7 }), fc.constant("event" as const)),
    hostname: fc.stringMatching(/^[!-~]{1,64}$/),
    appName: fc.stringMatching(/^[!-~]{1,48}$/),
  });
  const dates = fc.date({
    min: new Date("1970-01-01T00:00:00Z"),
    max: new Date("9999-12-31T23:59:59Z"),
    noInvalidDate: true,
  });

  it("is an upper bound of the header's UTF-8 bytes", () => {
    fc.assert(
      fc.property(options, dates, fc.integer({ min: 0, max: 10 }), (o, d, s) => {
        expect(Buffer.byteLength(syslogHeader(o, d, s))).toBeLessThanOrEqual(headerOverhead(o));
      }),
    );
  });

  it("is exact for the longest PRI", () => {
    for (const header of ["rfc5424", "rfc3164", "none"] as const) {
      const o = { ...base, header, facility: 23, severity: 7 };
      expect(headerOverhead(o)).toBe(Buffer.byteLength(syslogHeader(o, time)));
    }
  });
});
