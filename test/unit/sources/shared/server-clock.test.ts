import { describe, expect, it } from "vitest";
import { ServerClock } from "../../../../src/sources/shared/server-clock.js";

describe("ServerClock", () => {
  it("knows nothing before a response, then runs from the last Date header at the local clock's pace", () => {
    let local = Date.UTC(2026, 0, 1, 12, 0, 0, 400);
    const clock = new ServerClock(() => local);
    expect(clock.now()).toBeUndefined();
    clock.observe("Thu, 01 Jan 2026 11:45:00 GMT");
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 11, 45, 0));
    local += 90_000;
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 11, 46, 30));
  });

  it("keeps what it knew when a header is missing or unreadable", () => {
    const local = Date.UTC(2026, 0, 1, 12);
    const clock = new ServerClock(() => local);
    clock.observe("Thu, 01 Jan 2026 12:10:00 GMT");
    clock.observe(undefined);
    clock.observe("not a date");
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 12, 10));
  });
});
