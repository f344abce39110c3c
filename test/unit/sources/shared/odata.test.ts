import { describe, expect, it } from "vitest";
import { checkAlert } from "../../../../src/sources/shared/alert-records.js";
import { perEvidence } from "../../../../src/sources/shared/evidence.js";
import { odataFilters, odataString } from "../../../../src/sources/shared/odata-filter.js";
import { collectionUrl } from "../../../../src/sources/shared/url.js";

const WINDOW = { since: new Date("2024-05-01T11:00:00Z"), until: new Date("2024-05-01T12:00:00Z") };
const BASE = "lastUpdateTime ge 2024-05-01T11:00:00.000Z and lastUpdateTime lt 2024-05-01T12:00:00.000Z";

describe("odataFilters", () => {
  it("is the window alone without facets", () => {
    expect(odataFilters("lastUpdateTime", WINDOW, [])).toEqual([BASE]);
    expect(odataFilters("lastUpdateTime", WINDOW, [["severity", []]])).toEqual([BASE]);
  });

  it("gives one expression per combination of values, with eq and and only", () => {
    expect(
      odataFilters("lastUpdateTime", WINDOW, [
        ["severity", ["High", "Low"]],
        ["status", []],
        ["detectionSource", ["Av"]],
      ]),
    ).toEqual([
      `${BASE} and severity eq 'High' and detectionSource eq 'Av'`,
      `${BASE} and severity eq 'Low' and detectionSource eq 'Av'`,
    ]);
  });

  it("doubles a quote inside a string literal", () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
  });
});

describe("checkAlert", () => {
  it("keys an alert on its id and last-update time, as written", () => {
    const checked = checkAlert({ id: "da1", lastUpdateTime: "2021-01-26T20:33:59.2Z" }, "lastUpdateTime");
    expect(checked).toEqual({
      record: {
        record: { id: "da1", lastUpdateTime: "2021-01-26T20:33:59.2Z" },
        identity: "da1@2021-01-26T20:33:59.2Z",
        time: new Date("2021-01-26T20:33:59.200Z"),
      },
    });
  });

  it("skips what the pipeline cannot use, saying why", () => {
    expect(checkAlert([1], "t")).toMatchObject({ skip: "not-an-object", detail: "expected an object, got an array" });
    expect(checkAlert({ id: " ", t: "2021-01-26T20:33:59Z" }, "t")).toMatchObject({ skip: "no-identity" });
    expect(checkAlert({ id: "x", t: null }, "t")).toMatchObject({
      skip: "bad-time",
      detail: "alert x: t null is not a time",
    });
  });
});

describe("perEvidence", () => {
  const alert = { record: { id: "a", title: "T", evidence: [{ k: 1 }, { k: 2 }] }, identity: "a@t", time: new Date(0) };

  it("makes one record per item, the item alone in evidence, with its index and the count", () => {
    expect(perEvidence(alert)).toEqual([
      {
        record: { id: "a", title: "T", evidence: [{ k: 1 }], evidenceIndex: 0, evidenceCount: 2 },
        identity: "a@t#0",
        time: new Date(0),
      },
      {
        record: { id: "a", title: "T", evidence: [{ k: 2 }], evidenceIndex: 1, evidenceCount: 2 },
        identity: "a@t#1",
        time: new Date(0),
      },
    ]);
  });

  it("keeps an alert without evidence whole", () => {
    const bare = { ...alert, record: { id: "a", evidence: [] } };
    expect(perEvidence(bare)).toEqual([bare]);
    expect(perEvidence({ ...alert, record: { id: "a" } })).toHaveLength(1);
  });
});

describe("collectionUrl", () => {
  it("appends the collection's path to a base, and keeps a URL that already ends with it", () => {
    expect(collectionUrl("http://127.0.0.1:9/mde/", "/api/alerts")).toBe("http://127.0.0.1:9/mde/api/alerts");
    expect(collectionUrl("https://proxy.example/API/Alerts", "/api/alerts")).toBe("https://proxy.example/API/Alerts");
  });
});
