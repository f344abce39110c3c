import { describe, expect, it } from "vitest";
import { audienceOf, defaultAudience, describeTokenRequest, tokenUrlOf } from "../../../src/auth/endpoint.js";

describe("token audience", () => {
  it("defaults to each API's documented audience", () => {
    expect(defaultAudience("siem", "commercial")).toEqual({ version: "v1", resource: "https://graph.windows.net" });
    expect(defaultAudience("alerts", "commercial")).toEqual({
      version: "v2",
      scope: "https://api.securitycenter.microsoft.com/.default",
    });
    expect(defaultAudience("alerts", "gcc")).toEqual({
      version: "v2",
      scope: "https://api-gcc.securitycenter.microsoft.us/.default",
    });
    expect(defaultAudience("alerts", "gcc-high")).toEqual({
      version: "v2",
      scope: "https://api-gov.securitycenter.microsoft.us/.default",
    });
    expect(defaultAudience("alerts", "dod")).toEqual({
      version: "v2",
      scope: "https://api-gov.securitycenter.microsoft.us/.default",
    });
    expect(defaultAudience("graph", "commercial")).toEqual({
      version: "v2",
      scope: "https://graph.microsoft.com/.default",
    });
    expect(defaultAudience("graph", "gcc-high")).toEqual({
      version: "v2",
      scope: "https://graph.microsoft.us/.default",
    });
    expect(defaultAudience("graph", "dod")).toEqual({
      version: "v2",
      scope: "https://dod-graph.microsoft.us/.default",
    });
  });

  it("takes the configured resource (v1) or scope (v2) instead", () => {
    expect(audienceOf({ api: "siem", cloud: "commercial", resource: "https://example.com" })).toEqual({
      version: "v1",
      resource: "https://example.com",
    });
    expect(audienceOf({ api: "siem", cloud: "commercial", scope: "https://x/.default" })).toEqual({
      version: "v2",
      scope: "https://x/.default",
    });
  });
});

describe("token URL", () => {
  const v1 = { version: "v1", resource: "r" } as const;
  const v2 = { version: "v2", scope: "s" } as const;

  it("uses the login host of the cloud and the endpoint of the audience's version", () => {
    expect(tokenUrlOf({ tenantId: "contoso.onmicrosoft.com", cloud: "commercial" }, v1)).toBe(
      "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token",
    );
    expect(tokenUrlOf({ tenantId: "t", cloud: "gcc" }, v2)).toBe(
      "https://login.microsoftonline.com/t/oauth2/v2.0/token",
    );
    expect(tokenUrlOf({ tenantId: "t", cloud: "gcc-high" }, v1)).toBe(
      "https://login.microsoftonline.us/t/oauth2/token",
    );
    expect(tokenUrlOf({ tenantId: "t", cloud: "dod" }, v2)).toBe(
      "https://login.microsoftonline.us/t/oauth2/v2.0/token",
    );
  });

  it("uses tokenUrl as given when configured", () => {
    expect(tokenUrlOf({ tenantId: "t", cloud: "commercial", tokenUrl: "http://127.0.0.1:9/x" }, v2)).toBe(
      "http://127.0.0.1:9/x",
    );
  });

  // The token request each API makes in each cloud: login host, endpoint version and audience (docs/operations.md).
  it.each([
    ["siem", "commercial", "https://login.microsoftonline.com/t/oauth2/token (v1, resource https://graph.windows.net)"],
    ["siem", "gcc", "https://login.microsoftonline.com/t/oauth2/token (v1, resource https://graph.windows.net)"],
    [
      "siem",
      "gcc-high",
      "https://login.microsoftonline.us/t/oauth2/token (v1, resource https://graph.microsoftazure.us)",
    ],
    ["siem", "dod", "https://login.microsoftonline.us/t/oauth2/token (v1, resource https://graph.microsoftazure.us)"],
    [
      "alerts",
      "commercial",
      "https://login.microsoftonline.com/t/oauth2/v2.0/token (v2, scope https://api.securitycenter.microsoft.com/.default)",
    ],
    [
      "alerts",
      "gcc",
      "https://login.microsoftonline.com/t/oauth2/v2.0/token (v2, scope https://api-gcc.securitycenter.microsoft.us/.default)",
    ],
    [
      "alerts",
      "gcc-high",
      "https://login.microsoftonline.us/t/oauth2/v2.0/token (v2, scope https://api-gov.securitycenter.microsoft.us/.default)",
    ],
    [
      "alerts",
      "dod",
      "https://login.microsoftonline.us/t/oauth2/v2.0/token (v2, scope https://api-gov.securitycenter.microsoft.us/.default)",
    ],
    [
      "graph",
      "commercial",
      "https://login.microsoftonline.com/t/oauth2/v2.0/token (v2, scope https://graph.microsoft.com/.default)",
    ],
    [
      "graph",
      "gcc",
      "https://login.microsoftonline.com/t/oauth2/v2.0/token (v2, scope https://graph.microsoft.com/.default)",
    ],
    [
      "graph",
      "gcc-high",
      "https://login.microsoftonline.us/t/oauth2/v2.0/token (v2, scope https://graph.microsoft.us/.default)",
    ],
    [
      "graph",
      "dod",
      "https://login.microsoftonline.us/t/oauth2/v2.0/token (v2, scope https://dod-graph.microsoft.us/.default)",
    ],
  ] as const)("%s in %s asks %s", (api, cloud, request) => {
    expect(describeTokenRequest({ api, cloud, tenantId: "t" })).toBe(request);
  });

  it("lets resource, scope and tokenUrl fix a wrong cell without a new release", () => {
    expect(
      describeTokenRequest({ api: "siem", cloud: "gcc-high", tenantId: "t", resource: "https://graph.windows.net" }),
    ).toBe("https://login.microsoftonline.us/t/oauth2/token (v1, resource https://graph.windows.net)");
    expect(
      describeTokenRequest({
        api: "alerts",
        cloud: "dod",
        tenantId: "t",
        scope: "https://api.security.microsoft.us/.default",
      }),
    ).toBe(
      "https://login.microsoftonline.us/t/oauth2/v2.0/token (v2, scope https://api.security.microsoft.us/.default)",
    );
    expect(
      describeTokenRequest({
        api: "graph",
        cloud: "dod",
        tenantId: "t",
        tokenUrl: "https://login.example/t/oauth2/v2.0/token",
      }),
    ).toBe("https://login.example/t/oauth2/v2.0/token (v2, scope https://dod-graph.microsoft.us/.default)");
  });

  it("describes the request for messages", () => {
    expect(describeTokenRequest({ api: "siem", cloud: "commercial", tenantId: "t" })).toBe(
      "https://login.microsoftonline.com/t/oauth2/token (v1, resource https://graph.windows.net)",
    );
  });
});
