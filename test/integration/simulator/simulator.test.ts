/**
 * The simulated tenant seen from outside, over plain HTTP: token endpoints, the SIEM API's edges, the control endpoint.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAssertionSigner } from "../../../src/auth/assertion.js";
import { assertionProblem } from "../../../src/simulator/assertion-check.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { makeCertificate, type CertificatePair } from "../../support/certificates.js";
import { X509Certificate } from "node:crypto";

const NOW = Date.parse("2024-05-01T12:00:00Z");
let sim: Simulator;
let cert: CertificatePair;

beforeAll(async () => {
  cert = makeCertificate("sim");
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, certificatePem: cert.certificatePem });
  sim.tenant.addRecords(5, NOW - 600_000, NOW);
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const credentials = () => ({
  grant_type: "client_credentials",
  client_id: sim.clientId,
  client_secret: sim.clientSecret,
});

async function token(): Promise<string> {
  const response = await fetch(sim.tokenUrl, form({ ...credentials(), resource: sim.resource }));
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("simulated Entra ID", () => {
  it("answers v1 with numbers as strings and v2 with numbers, as Entra does", async () => {
    const v1 = (await (await fetch(sim.tokenUrl, form({ ...credentials(), resource: sim.resource }))).json()) as Record<
      string,
      unknown
    >;
    expect(v1).toMatchObject({
      token_type: "Bearer",
      expires_in: "3599",
      expires_on: String(NOW / 1000 + 3599),
      resource: sim.resource,
    });
    const v2 = (await (
      await fetch(sim.tokenUrlV2, form({ ...credentials(), scope: `${sim.resource}/.default` }))
    ).json()) as Record<string, unknown>;
    expect(v2).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
  });

  it("refuses in Entra's error shape", async () => {
    const response = await fetch(
      sim.tokenUrl,
      form({ ...credentials(), client_secret: "wrong", resource: sim.resource }),
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\..*\r\nTrace ID: /s);
  });

  it("checks the signed assertion's audience, issuer, lifetime and signature", () => {
    const certificate = new X509Certificate(cert.certificatePem);
    const expect_ = { certificate, clientId: sim.clientId, audiences: [sim.tokenUrl], nowMs: NOW };
    const sign = (tokenUrl: string, clientId = sim.clientId) =>
      createAssertionSigner({
        clientId,
        tokenUrl,
        certificatePem: cert.certificatePem,
        privateKeyPem: cert.keyPem,
        thumbprint: "x5t#S256",
      }).assertion(NOW);
    expect(assertionProblem(sign(sim.tokenUrl), expect_)).toBeUndefined();
    expect(assertionProblem(sign("https://elsewhere/token"), expect_)).toMatch(/is not this token endpoint/);
    expect(assertionProblem(sign(sim.tokenUrl, "someone-else"), expect_)).toMatch(
      /iss and sub must both be the client id/,
    );
    expect(assertionProblem(sign(sim.tokenUrl), { ...expect_, nowMs: NOW + 3_600_000 })).toMatch(/has expired/);
    const [h, , s] = sign(sim.tokenUrl).split(".");
    const forged = Buffer.from(
      JSON.stringify({ aud: sim.tokenUrl, iss: sim.clientId, sub: sim.clientId, jti: "x", exp: NOW / 1000 + 60 }),
    ).toString("base64url");
    expect(assertionProblem(`${h}.${forged}.${s}`, expect_)).toMatch(/signature does not verify/);
    expect(assertionProblem("not.a.jwt", expect_)).toMatch(/not a signed JWT/);
  });
});

describe("simulated SIEM API", () => {
  it("is reachable as /api/Alerts/ with parameter names in any case", async () => {
    const response = await fetch(`${sim.url}/api/Alerts/?SINCETIMEUTC=2024-05-01T11:00:00.000`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(5);
  });

  it("answers 401 without a valid token, and 400 for a parameter it cannot read", async () => {
    expect((await fetch(`${sim.url}/api/alerts`)).status).toBe(401);
    const bad = await fetch(`${sim.url}/api/alerts?sinceTimeUtc=yesterday`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("sinceTimeUtc is not a date and time: yesterday");
  });
});

describe("control endpoint", () => {
  it("queues faults over HTTP, and refuses unknown ones", async () => {
    expect((await fetch(`${sim.url}/_sim/faults`, json({ kind: "status", status: 500, times: 2 }))).status).toBe(200);
    const auth = { headers: { authorization: `Bearer ${await token()}` } };
    expect([
      (await fetch(`${sim.url}/api/alerts`, auth)).status,
      (await fetch(`${sim.url}/api/alerts`, auth)).status,
      (await fetch(`${sim.url}/api/alerts`, auth)).status,
    ]).toEqual([500, 500, 200]);
    const refused = await fetch(`${sim.url}/_sim/faults`, json({ kind: "explode" }));
    expect(refused.status).toBe(400);
    await fetch(`${sim.url}/_sim/faults`, json({ kind: "entra", aadsts: 90002 }));
    expect(
      (
        (await (await fetch(sim.tokenUrl, form({ ...credentials(), resource: sim.resource }))).json()) as {
          error_codes: number[];
        }
      ).error_codes,
    ).toEqual([90002]);
  });

  it("moves the clock, expires tokens, shortens their lifetime and adds records", async () => {
    const auth = { headers: { authorization: `Bearer ${await token()}` } };
    expect(await (await fetch(`${sim.url}/_sim/clock`, json({ advance: "PT1M" }))).json()).toEqual({
      now: "2024-05-01T12:01:00.000Z",
    });
    await fetch(`${sim.url}/_sim/tokens/expire`, { method: "POST" });
    expect((await fetch(`${sim.url}/api/alerts`, auth)).status).toBe(401);
    await fetch(`${sim.url}/_sim/tokens/lifetime`, { ...json({ seconds: 60 }), method: "PUT" });
    const short = (await (await fetch(sim.tokenUrl, form({ ...credentials(), resource: sim.resource }))).json()) as {
      expires_in: string;
    };
    expect(short.expires_in).toBe("60");
    await fetch(`${sim.url}/_sim/records`, json({ count: 7, over: "PT1M" }));
    const recent = await fetch(`${sim.url}/api/alerts?ago=PT1M`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect((await recent.json()) as unknown[]).toHaveLength(7);
    const log = (await (await fetch(`${sim.url}/_sim/requests`)).json()) as {
      path: string;
      query: Record<string, string[]>;
    }[];
    expect(log.find((r) => r.query.ago)?.query).toEqual({ ago: ["PT1M"] });
  });
});
