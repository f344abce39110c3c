import { describe, expect, it } from "vitest";
import { canonicalFields, checkRecord } from "../../../../src/sources/siem/records.js";

const good = { FullId: "da1_2:abc=", AlertId: "da1_2", LastProcessedTimeUtc: "2020-09-30T14:11:44.0779765Z" };

describe("checkRecord", () => {
  it("takes FullId as identity and LastProcessedTimeUtc as time", () => {
    expect(checkRecord(good)).toEqual({
      record: { record: good, identity: "da1_2:abc=", time: new Date("2020-09-30T14:11:44.077Z") },
    });
  });

  it("keeps unknown fields, null and empty values as they are", () => {
    const value = { ...good, NewField: { x: 1 }, Actor: null, Url: "", RemediationIsSuccess: null };
    const checked = checkRecord(value);
    expect("record" in checked && checked.record.record).toEqual(value);
  });

  it("matches field names case-insensitively and gives them the documented spelling", () => {
    const checked = checkRecord({
      fullid: "a:b",
      LASTPROCESSEDTIMEUTC: "2020-09-30T14:11:44Z",
      IPAddress: "10.0.0.1",
      URL: "http://x",
      ReportId: 5,
      custom: 1,
    });
    expect("record" in checked && checked.record.record).toEqual({
      FullId: "a:b",
      LastProcessedTimeUtc: "2020-09-30T14:11:44Z",
      IpAddress: "10.0.0.1",
      Url: "http://x",
      ReportID: 5,
      custom: 1,
    });
  });

  it("makes the identity from AlertId and IocUniqueId when FullId is missing or empty", () => {
    const checked = checkRecord({
      FullId: "",
      AlertId: "da1",
      IocUniqueId: "x=",
      LastProcessedTimeUtc: "2020-09-30T14:11:44Z",
    });
    expect("record" in checked && checked.record.identity).toBe("da1:x=");
  });

  it("skips, with a reason, what the pipeline cannot use", () => {
    expect(checkRecord(null)).toMatchObject({ skip: "not-an-object" });
    expect(checkRecord([good])).toMatchObject({ skip: "not-an-object", detail: "expected an object, got an array" });
    expect(checkRecord("x")).toMatchObject({ skip: "not-an-object" });
    expect(checkRecord({ AlertId: "da1", LastProcessedTimeUtc: good.LastProcessedTimeUtc })).toMatchObject({
      skip: "no-identity",
    });
    expect(checkRecord({ ...good, LastProcessedTimeUtc: "yesterday" })).toMatchObject({
      skip: "bad-time",
      detail: expect.stringContaining('"yesterday"') as unknown,
    });
    expect(checkRecord({ ...good, LastProcessedTimeUtc: null })).toMatchObject({ skip: "bad-time" });
  });
});

describe("canonicalFields", () => {
  it("returns the same object when every name is already documented or unknown", () => {
    const record = { ...good, Extra: 1 };
    expect(canonicalFields(record)).toBe(record);
  });

  it("keeps the non-empty value when two spellings of one field arrive", () => {
    expect(canonicalFields({ IPAddress: "", IpAddress: "10.0.0.1" })).toEqual({ IpAddress: "10.0.0.1" });
  });
});
