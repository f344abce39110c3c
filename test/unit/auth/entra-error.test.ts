import { describe, expect, it } from "vitest";
import { aadstsCode, entraError } from "../../../src/auth/entra-error.js";

const URL = "https://login.microsoftonline.com/t/oauth2/token";
const body = (code: number, text: string) =>
  JSON.stringify({
    error: "invalid_client",
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0b6c\r\nCorrelation ID: 77aa\r\nTimestamp: 2024-01-01 00:00:00Z`,
    error_codes: [code],
  });
const none = (t: string) => t;

describe("entraError", () => {
  it.each([
    [7000215, /client secret is wrong/],
    [7000222, /client secret has expired/],
    [700016, /application was not found in the tenant/],
    [90002, /tenant was not found/],
    [70011, /scope is not valid/],
    [700027, /certificate assertion was refused/],
  ])("AADSTS%i becomes one line with what to do", (code, advice) => {
    const err = entraError(400, body(code, "Something happened."), URL, none);
    expect(err.message).toMatch(new RegExp(`^Entra ID refused the token request \\(AADSTS${code}\\): `));
    expect(err.message).toMatch(advice);
    expect(err.message).toContain("[Entra: Something happened.]");
    expect(err.message).not.toMatch(/Trace ID|\n/);
    expect(err.code).toBe("E_AUTH");
    expect(err.data).toMatchObject({ aadsts: code, status: 400 });
  });

  it("keeps Entra's own first line for codes it has no advice for", () => {
    expect(entraError(400, body(50000, "Other trouble."), URL, none).message).toBe(
      "Entra ID refused the token request (AADSTS50000): Other trouble.",
    );
  });

  it("reports a body that is not JSON by its status and size, not its text (it may be the request, echoed)", () => {
    expect(entraError(502, "<html>Bad   gateway</html>", URL, none).message).toBe(
      `token request to ${URL} failed with HTTP 502 (a 26-byte answer that is not Entra ID's JSON error: a proxy or gateway in the way?)`,
    );
  });

  it("removes secrets from what the server sent back", () => {
    const message = entraError(401, body(7000215, "secret s3cr3t-value was wrong"), URL, (t) =>
      t.replaceAll("s3cr3t-value", "[redacted]"),
    ).message;
    expect(message).not.toContain("s3cr3t-value");
  });

  it("finds the code in error_codes or in the description", () => {
    expect(aadstsCode({ error_codes: [90002] })).toBe(90002);
    expect(aadstsCode({ error_description: "AADSTS70011: bad scope" })).toBe(70011);
    expect(aadstsCode({})).toBeUndefined();
  });
});
