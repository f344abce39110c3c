/** The simulated Alerts API and Graph alerts_v2 seen from outside, over plain HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, siemRecords, type Simulator } from "../../../src/simulator/index.js";
import type { SimAlert } from "../../../src/simulator/alerts.js";
import { schemaExtrasOf } from "../../../src/simulator/views/extras.js";
import { OTHER_EVIDENCE } from "../../../src/simulator/views/graph-evidence.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
let sim: Simulator;
let alerts: SimAlert[];
const tokens = new Map<string, string>();

async function token(audience: string): Promise<string> {
  if (!tokens.has(audience)) {
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      scope: `${audience}/.default`,
    });
    const response = await fetch(sim.tokenUrlV2, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    tokens.set(audience, ((await response.json()) as { access_token: string }).access_token);
  }
  return tokens.get(audience)!;
}

async function get(api: "alerts" | "graph", query: string, headers: Record<string, string> = {}) {
  const path = api === "alerts" ? "/mde/api/alerts" : "/v1.0/security/alerts_v2";
  const response = await fetch(`${sim.url}${path}${query}`, {
    headers: { authorization: `Bearer ${await token(sim.audiences[api])}`, ...headers },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}
const values = (body: Record<string, unknown>) => body.value as Record<string, unknown>[];

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, seed: 21 });
  alerts = Array.from({ length: 6 }, (_, i) => sim.tenant.add({ lastProcessed: NOW - (60 - i) * 60_000 }));
  sim.tenant.update(alerts[0]!, { status: "inProgress", assignedTo: "soc@contoso.com" }, NOW - 30 * 60_000);
});
afterAll(() => sim.close());

describe("simulated Alerts API", () => {
  it("answers in the OData envelope, most recently updated first, as views of the SIEM API's alerts", async () => {
    const { status, body } = await get("alerts", "?$expand=evidence");
    expect(status).toBe(200);
    expect(body["@odata.context"]).toBe(`${sim.url}/mde/api/$metadata#Alerts`);
    expect(values(body).map((a) => a.id)).toEqual([alerts[0], ...alerts.slice(1).reverse()].map((a) => a!.alertId));
    const [siem] = siemRecords(alerts[1]!);
    const alert = values(body).find((a) => a.id === siem!.AlertId)!;
    expect(alert).toMatchObject({
      title: siem!.AlertTitle,
      category: siem!.Category,
      severity: siem!.Severity,
      detectorId: siem!.IoaDefinitionId,
      machineId: siem!.DeviceID,
    });
    expect(
      (alert.evidence as Record<string, unknown>[]).some(
        (e) => e.sha1 === (siem!.Sha1 || null) || e.url === siem!.Url || e.ipAddress === siem!.IpAddress,
      ),
    ).toBe(true);
  });

  it("filters with ge gt le lt eq joined by and, on the documented fields", async () => {
    const times = values((await get("alerts", "")).body).map((a) => a.lastUpdateTime as string);
    const sorted = [...times].sort();
    const between = await get(
      "alerts",
      `?$filter=${encodeURIComponent(`lastUpdateTime gt ${sorted[1]} and lastUpdateTime le ${sorted[4]}`)}`,
    );
    expect(
      values(between.body)
        .map((a) => a.lastUpdateTime)
        .sort(),
    ).toEqual(sorted.slice(2, 5));
    const inProgress = await get(
      "alerts",
      `?$filter=${encodeURIComponent("status eq 'InProgress' and assignedTo eq 'soc@contoso.com'")}`,
    );
    expect(values(inProgress.body).map((a) => a.id)).toEqual([alerts[0]!.alertId]);
    const byIncident = values((await get("alerts", "")).body)[2]!;
    const incident = await get(
      "alerts",
      `?$filter=(incidentId eq ${String(byIncident.incidentId)}) and lastUpdateTime lt ${new Date(NOW).toISOString()}`,
    );
    expect(values(incident.body).map((a) => a.id)).toContain(byIncident.id);
  });

  it("refuses what it does not support with Microsoft's error body", async () => {
    for (const [query, message] of [
      [`?$filter=${encodeURIComponent("status eq 'New' or status eq 'Resolved'")}`, "'or' is not supported"],
      [`?$filter=${encodeURIComponent("status ne 'New'")}`, "operator 'ne' after 'status' is not supported"],
      [`?$filter=${encodeURIComponent("title eq 'x'")}`, "the property 'title' cannot be used in $filter"],
      ["?$top=10001", "The limit of '10000' for Top query has been exceeded"],
      ["?$expand=machine", "$expand of 'machine' is not supported"],
    ] as const) {
      const { status, body } = await get("alerts", query);
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: {
          code: "ODataError",
          message: expect.stringContaining(message) as unknown,
          target: expect.any(String) as unknown,
        },
      });
    }
  });

  it("pages with $top and $skip, linking the next page while more remains", async () => {
    const first = await get("alerts", "?$top=4");
    expect(values(first.body)).toHaveLength(4);
    const next = new URL(first.body["@odata.nextLink"] as string);
    expect(next.searchParams.get("$skip")).toBe("4");
    const second = await get("alerts", next.search);
    expect(values(second.body)).toHaveLength(2);
    expect(second.body).not.toHaveProperty("@odata.nextLink");
    expect(values((await get("alerts", "?$top=4")).body).every((a) => (a.evidence as unknown[]).length === 0)).toBe(
      true,
    );
  });

  it("refuses a missing token and a token for another API with 401", async () => {
    expect((await fetch(`${sim.url}/mde/api/alerts`)).status).toBe(401);
    const graphToken = await token(sim.audiences.graph);
    const response = await fetch(`${sim.url}/mde/api/alerts`, { headers: { authorization: `Bearer ${graphToken}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "Unauthorized" } });
  });
});

describe("simulated Graph alerts_v2", () => {
  it("answers in the OData envelope with evidence, and $filter only on the documented fields", async () => {
    const { body } = await get("graph", `?$filter=${encodeURIComponent("status eq 'inProgress'")}`);
    expect(body["@odata.context"]).toBe(`${sim.url}/v1.0/$metadata#security/alerts_v2`);
    expect(values(body).map((a) => [a.id, a.assignedTo])).toEqual([[alerts[0]!.alertId, "soc@contoso.com"]]);
    const extra = schemaExtrasOf(alerts[0]!, OTHER_EVIDENCE);
    const trailing = 2 * Number(!!extra.registry) + Number(!!extra.otherEvidence);
    expect((values(body)[0]!.evidence as unknown[]).length).toBe(2 + alerts[0]!.evidence.length + trailing);
    const refused = await get("graph", `?$filter=${encodeURIComponent("category eq 'Malware'")}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: {
        code: "BadRequest",
        message: expect.stringContaining("filterable: assignedTo, classification") as unknown,
        innerError: { "request-id": expect.any(String) as unknown },
      },
    });
    expect((await get("graph", "?$top=1001")).status).toBe(400);
  });

  it("links pages with an opaque $skiptoken", async () => {
    const first = await get("graph", "?$top=5");
    const next = new URL(first.body["@odata.nextLink"] as string);
    expect(next.pathname).toBe("/v1.0/security/alerts_v2");
    expect(next.searchParams.get("$skiptoken")).toMatch(/^[\w-]+$/);
    expect(next.searchParams.has("$skip")).toBe(false);
    expect(values((await get("graph", next.search)).body)).toHaveLength(1);
  });

  it("sends newer enum members only to clients that ask with Prefer: include-unknown-enum-members", async () => {
    const cloud = sim.tenant.add({ lastProcessed: NOW - 1000, serviceSource: "microsoftDefenderForCloud" });
    const filter = `?$filter=${encodeURIComponent(`lastUpdateDateTime ge ${new Date(NOW - 2000).toISOString()}`)}`;
    const plain = values((await get("graph", filter)).body).find((a) => a.id === cloud.alertId)!;
    expect(plain).toMatchObject({ serviceSource: "unknownFutureValue", detectionSource: "unknownFutureValue" });
    const asked = values((await get("graph", filter, { prefer: "include-unknown-enum-members" })).body).find(
      (a) => a.id === cloud.alertId,
    )!;
    expect(asked).toMatchObject({
      serviceSource: "microsoftDefenderForCloud",
      detectionSource: "microsoftDefenderForCloud",
    });
    expect(values((await get("alerts", "")).body).map((a) => a.id)).not.toContain(cloud.alertId);
  });
});

describe("documented rate limits", () => {
  it.each([
    ["alerts", 100],
    ["graph", 150],
  ] as const)("%s answers 429 with Retry-After after %i requests in a minute", async (api, limit) => {
    sim.resetLimits();
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await get(api, "?$top=1")).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await get(api, "?$top=1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.body).toMatchObject({ error: { code: "TooManyRequests" } });
    sim.clock.advance(60_000);
    expect((await get(api, "?$top=1")).status).toBe(200);
    sim.clock.set(NOW);
    sim.resetLimits();
  });
});
