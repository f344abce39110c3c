/**
 * Hostile token endpoints and APIs on loopback: one that echoes the request (client secret, signed assertion, access
 * token) back in every encoding, and one that sends an endless token response. Nothing secret reaches an error or a
 * log line, and the endless answer is cut at 64 KiB.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../../src/auth/token-provider.js";
import { Secret } from "../../../src/config/secret.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSiemSource } from "../../../src/sources/siem/index.js";
import { makeCertificate } from "../../support/certificates.js";
import { hostileServer, json, type Received } from "../../support/hostile-server.js";
import { sourceConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const SECRET = "Echo~me.Secret/with+odd=chars and space";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, clientSecret: SECRET });
});
afterAll(() => sim.close());

/** Every encoding a value can come back in. */
const encodings = (value: string) => [
  value,
  encodeURIComponent(value),
  new URLSearchParams({ v: value }).toString().slice(2),
  JSON.stringify(value).slice(1, -1),
  Buffer.from(value).toString("base64").slice(0, -4),
  Buffer.from(value).toString("base64url").slice(0, -4),
];

/** Echoes the request back as Entra-shaped JSON, in every encoding, in the description and in other members. */
function echo(status: number, asJson: boolean) {
  return (req: Received, res: ServerResponse) => {
    const all = [
      req.body,
      Buffer.from(req.body).toString("base64"),
      JSON.stringify(req.body),
      req.headers.authorization,
    ];
    if (!asJson) return void res.writeHead(status, { "content-type": "text/plain" }).end(all.join("\n"));
    json(res, status, {
      error: req.body,
      error_description: `AADSTS50000: you sent ${all.join(" ")}`,
      error_codes: [50000],
      echoed: all,
    });
  };
}

function expectNothingOf(values: string[], seen: string): void {
  for (const value of values) for (const form of encodings(value)) expect(seen).not.toContain(form);
}

describe("an echoing token endpoint", () => {
  it.each([
    [401, true],
    [400, false],
    [503, true],
  ])("HTTP %i (JSON: %s) shows neither the secret nor the request in any encoding", async (status, asJson) => {
    const endpoint = await hostileServer(echo(status, asJson));
    const deps = testDeps(sim);
    const tokens = createTokenProvider(
      sourceConfigFor(sim, { tokenUrl: `${endpoint.url}/t/oauth2/token`, maxRetries: 1 }),
      deps,
    );
    const error = (await tokens.token().catch((err: unknown) => err)) as Error;
    expect(error).toMatchObject({ code: "E_AUTH" });
    expect(endpoint.received[0]!.body).toContain("client_secret=");
    const seen = `${error.message}\n${JSON.stringify(error)}\n${deps.logs.join("")}`;
    expectNothingOf([SECRET], seen);
    expect(seen).not.toContain("grant_type");
  });

  it("shows no part of the signed client assertion of a certificate credential", async () => {
    const pair = makeCertificate("echo");
    const endpoint = await hostileServer(echo(401, true));
    const deps = testDeps(sim);
    const config = sourceConfigFor(sim, {
      tokenUrl: `${endpoint.url}/t/oauth2/token`,
      credential: {
        kind: "certificate",
        certificatePem: pair.certificatePem,
        privateKey: new Secret(pair.keyPem),
        thumbprint: "x5t#S256",
      },
    });
    const error = (await createTokenProvider(config, deps)
      .token()
      .catch((err: unknown) => err)) as Error;
    const assertion = new URLSearchParams(endpoint.received[0]!.body).get("client_assertion")!;
    const [, payload, signature] = assertion.split(".");
    const seen = `${error.message}\n${JSON.stringify(error)}\n${deps.logs.join("")}`;
    expectNothingOf([assertion, payload!, signature!], seen);
  });
});

describe("an endless token response", () => {
  it("is cut at 64 KiB with a clear error, not read whole", async () => {
    let sent = 0;
    const endpoint = await hostileServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"access_token":"');
      const chunk = Buffer.alloc(64 * 1024, "a");
      const more = () => {
        while (sent < 256 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end('","expires_in":3599}');
      };
      res.on("close", () => undefined);
      more();
    });
    const deps = testDeps(sim);
    const tokens = createTokenProvider(sourceConfigFor(sim, { tokenUrl: `${endpoint.url}/t/oauth2/token` }), deps);
    await expect(tokens.token()).rejects.toMatchObject({
      code: "E_AUTH",
      message: expect.stringContaining("is larger than 64 KiB") as unknown,
    });
    expect(endpoint.received).toHaveLength(1);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });
});

describe("an API echoing the request", () => {
  it("shows no part of the access token in its error", async () => {
    const api = await hostileServer(echo(400, false));
    const config = sourceConfigFor(sim, { url: api.url });
    const deps = testDeps(sim);
    const source = createSiemSource(config, sourceDeps(config, deps));
    const error = (await source
      .fetch({ since: new Date(NOW - 3_600_000), until: new Date(NOW) })
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: "E_API_REQUEST" });
    const token = api.received[0]!.headers.authorization!.slice("Bearer ".length);
    expect(token.length).toBeGreaterThan(20);
    expectNothingOf([token], `${error.message}\n${JSON.stringify(error)}\n${deps.logs.join("")}`);
    expect(error.message).toContain("[redacted]");
  });
});
