import { describe, expect, it } from "vitest";
import { matches, parseFilter, timeTicks } from "../../../src/simulator/odata/filter.js";
import { nextLinkOf, pageRequestOf } from "../../../src/simulator/odata/paging.js";
import { RequestLimits } from "../../../src/simulator/rate-limits.js";

const FIELDS = ["lastUpdateTime", "status", "incidentId", "assignedTo"];

describe("simulated $filter", () => {
  it("parses comparisons joined by and, in parentheses or not, with every literal kind", () => {
    expect(
      parseFilter(
        "(LastUpdateTime ge 2024-05-01T11:00:00.1234567Z) and status eq 'In''Progress' and incidentId lt 42 and assignedTo eq null",
        FIELDS,
      ),
    ).toEqual([
      {
        field: "lastUpdateTime",
        op: "ge",
        literal: { kind: "time", value: timeTicks("2024-05-01T11:00:00.1234567Z") },
      },
      { field: "status", op: "eq", literal: { kind: "string", value: "In'Progress" } },
      { field: "incidentId", op: "lt", literal: { kind: "number", value: 42 } },
      { field: "assignedTo", op: "eq", literal: { kind: "null" } },
    ]);
  });

  it("says what it does not support", () => {
    expect(parseFilter("status eq 'a' or status eq 'b'", FIELDS)).toBe(
      "'or' is not supported; join comparisons with and",
    );
    expect(parseFilter("title eq 'a'", FIELDS)).toMatch(/^the property 'title' cannot be used in \$filter/);
    expect(parseFilter("contains(status,'a')", FIELDS)).toMatch(/operator missing after 'contains'|syntax error/);
    expect(parseFilter("status eq", FIELDS)).toBe("expected a value after 'status eq'");
    expect(parseFilter("(status eq 'a'", FIELDS)).toBe("a parenthesis is not closed");
  });

  it("compares 7-digit times exactly", () => {
    const [c] = parseFilter("lastUpdateTime lt 2024-05-01T12:00:00Z", FIELDS) as ReturnType<typeof parseFilter> &
      object[];
    expect(matches({ lastUpdateTime: "2024-05-01T11:59:59.9999999Z" }, c!)).toBe(true);
    expect(matches({ lastUpdateTime: "2024-05-01T12:00:00.0000001Z" }, c!)).toBe(false);
    expect(matches({ lastUpdateTime: null }, c!)).toBe(false);
    expect(timeTicks("2024-05-01T12:00:00+02:00")).toBe(timeTicks("2024-05-01T10:00:00Z"));
    expect(timeTicks("yesterday")).toBeUndefined();
  });
});

describe("simulated paging", () => {
  const rules = { filterable: FIELDS, maxTop: 10, pageSize: 10, expandable: ["evidence"], skipToken: false };

  it("reads $top, $skip and $expand, with the server's page size without $top", () => {
    expect(pageRequestOf({ $top: ["3"], $skip: ["6"], $expand: ["evidence"] }, rules)).toEqual({
      filter: [],
      top: 3,
      skip: 6,
      expand: ["evidence"],
    });
    expect(pageRequestOf({}, rules)).toMatchObject({ top: 10, skip: 0 });
    expect(pageRequestOf({ $top: ["11"] }, rules)).toMatch(/limit of '10' for Top query/);
    expect(pageRequestOf({ $skip: ["-1"] }, rules)).toBe("$skip must be a whole number, got '-1'");
    expect(pageRequestOf({}, { ...rules, pageSize: 4 })).toMatchObject({ top: 4 });
  });

  it("refuses $top altogether when the service allows none", () => {
    const strict = { ...rules, maxTop: 0, pageSize: 4 };
    expect(pageRequestOf({ $top: ["1"] }, strict)).toMatch(/Query option '\$top' is not allowed/);
    expect(pageRequestOf({ $skip: ["4"] }, strict)).toMatchObject({ top: 4, skip: 4 });
  });

  it("links the next page by $skip, or by an opaque $skiptoken", () => {
    const page = { filter: [], top: 3, skip: 3, expand: [] };
    const query = { $filter: ["status eq 'New'"], $top: ["3"], $skip: ["3"] };
    expect(nextLinkOf("http://h/api/alerts?x", query, page, 7, rules)).toBe(
      "http://h/api/alerts?%24filter=status+eq+%27New%27&%24top=3&%24skip=6",
    );
    expect(nextLinkOf("http://h/api/alerts", query, page, 6, rules)).toBeUndefined();
    const link = new URL(nextLinkOf("http://h/a", query, page, 7, { ...rules, skipToken: true })!);
    expect(
      pageRequestOf(Object.fromEntries([...link.searchParams].map(([k, v]) => [k, [v]])), {
        ...rules,
        skipToken: true,
      }),
    ).toMatchObject({ skip: 6 });
  });
});

describe("simulated rate limits", () => {
  it("counts per window and says how long to wait", () => {
    const limits = new RequestLimits([
      { count: 2, windowMs: 60_000 },
      { count: 3, windowMs: 3_600_000 },
    ]);
    expect([limits.take(0), limits.take(1000), limits.take(2000)]).toEqual([undefined, undefined, 58]);
    expect(limits.take(60_000)).toBeUndefined();
    expect(limits.take(120_000)).toBe(3480);
    expect(limits.take(3_600_000)).toBeUndefined();
  });
});
