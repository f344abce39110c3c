import { describe, expect, it } from "vitest";
import { readTokenResponse, refreshAtMs } from "../../../src/auth/token-response.js";

const URL = "https://login.example/t/oauth2/token";

describe("readTokenResponse", () => {
  it("accepts expires_in as a number or as a string, counted from the request", () => {
    expect(readTokenResponse({ access_token: "a", expires_in: 3599 }, 1_000_000, URL)).toEqual({
      accessToken: "a",
      expiresAtMs: 1_000_000 + 3_599_000,
    });
    expect(readTokenResponse({ access_token: "a", expires_in: "3599" }, 1_000_000, URL).expiresAtMs).toBe(
      1_000_000 + 3_599_000,
    );
  });

  it("falls back to expires_on (seconds, number or string) without expires_in", () => {
    expect(readTokenResponse({ access_token: "a", expires_on: "1488720683" }, 0, URL).expiresAtMs).toBe(
      1_488_720_683_000,
    );
    expect(readTokenResponse({ access_token: "a", expires_on: 1488720683 }, 0, URL).expiresAtMs).toBe(
      1_488_720_683_000,
    );
  });

  it("assumes a short lifetime when none is given", () => {
    expect(readTokenResponse({ access_token: "a", expires_in: "" }, 0, URL).expiresAtMs).toBe(300_000);
  });

  it("refuses a response without a token", () => {
    expect(() => readTokenResponse({ expires_in: 3599 }, 0, URL)).toThrow(/has no access_token/);
    expect(() => readTokenResponse("nope", 0, URL)).toThrow(/has no access_token/);
  });
});

describe("refreshAtMs", () => {
  it("renews five minutes before expiry for hour-long tokens", () => {
    expect(refreshAtMs(0, 3_600_000)).toBe(3_300_000);
  });

  it("renews a fifth of the lifetime early for short-lived tokens", () => {
    expect(refreshAtMs(0, 60_000)).toBe(48_000);
  });
});
