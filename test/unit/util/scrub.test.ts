/** Secrets are removed from echoed text in every encoding a request carries them in, before anything is cut. */
import { describe, expect, it } from "vitest";
import { entraError } from "../../../src/auth/entra-error.js";
import { scrubberOf } from "../../../src/util/scrub.js";

const SECRET = 'Ab3~x.Y_z-Q/w+v=u "q" \\ é~9';
const scrub = scrubberOf([SECRET]);

describe("scrubberOf", () => {
  const encodings: [string, string][] = [
    ["raw", SECRET],
    ["percent-encoded", encodeURIComponent(SECRET)],
    ["percent-encoded, lower-case hex", encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    [
      "form-encoded (space as +)",
      new URLSearchParams({ client_secret: SECRET }).toString().slice("client_secret=".length),
    ],
    ["every character percent-encoded", [...Buffer.from(SECRET)].map((b) => `%${b.toString(16)}`).join("")],
    ["JSON-escaped", JSON.stringify(SECRET).slice(1, -1)],
    [
      "JSON-escaped with \\u and \\/",
      JSON.stringify(SECRET).slice(1, -1).replaceAll("/", "\\/").replace("é", "\\u00e9"),
    ],
    ["base64", Buffer.from(SECRET).toString("base64")],
    ["base64url", Buffer.from(SECRET).toString("base64url")],
  ];
  it.each(encodings)("removes the secret %s", (_name, encoded) => {
    // base64 keeps at most the last character's few bits, which the secret's last byte shares with what follows.
    expect(scrub(`before ${encoded} after`)).toMatch(/^before \[redacted\][A-Za-z0-9_=-]{0,3} after$/);
  });

  it.each([1, 2, 3, 4, 5])("removes the secret base64-encoded inside a longer text after %i other bytes", (n) => {
    const form = `${"x".repeat(n)}client_secret=${SECRET}&client_id=abc`;
    const secretChars = Math.floor((Buffer.byteLength(SECRET) * 8) / 6);
    for (const encoded of [Buffer.from(form).toString("base64"), Buffer.from(form).toString("base64url")]) {
      const out = scrub(encoded);
      expect(out.split("[redacted]")).toHaveLength(2);
      expect(encoded.length - (out.length - "[redacted]".length)).toBeGreaterThanOrEqual(secretChars - 2);
    }
  });

  it("ignores empty and very short values and leaves other text alone", () => {
    expect(scrubberOf(["", "ab"])("ab cd")).toBe("ab cd");
    expect(scrub("nothing secret here")).toBe("nothing secret here");
  });
});

describe("entraError scrubs before it cuts", () => {
  it("a secret straddling the cut of a long description shows no prefix", () => {
    for (let at = 280; at < 310; at++) {
      const description = `${"d".repeat(at)}${SECRET}${"e".repeat(400)}`;
      const body = JSON.stringify({ error: "invalid_client", error_description: description, error_codes: [50000] });
      const message = entraError(400, body, "https://login.example/t/oauth2/token", scrub).message;
      expect(message).not.toContain("Ab3~");
      expect(message.length).toBeLessThan(450);
    }
  });

  it("shows only Entra's fields: an echoed request in other members or a non-JSON body never appears", () => {
    const echoed = `grant_type=client_credentials&client_id=app&client_secret=${encodeURIComponent(SECRET)}`;
    const json = JSON.stringify({ error: echoed, error_description: "AADSTS7000215: wrong.", request: echoed });
    const fromJson = entraError(401, json, "https://login.example/t", scrub).message;
    expect(fromJson).not.toContain("grant_type");
    expect(fromJson).toMatch(/\(AADSTS7000215\): the client secret is wrong/);
    const fromText = entraError(400, echoed, "https://login.example/t", scrub).message;
    expect(fromText).not.toContain("client_id=app");
    expect(fromText).toMatch(/failed with HTTP 400 \(a \d+-byte answer that is not Entra ID's JSON error/);
  });
});
