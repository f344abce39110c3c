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

  it("describes the request for messages", () => {
    expect(describeTokenRequest({ api: "siem", cloud: "commercial", tenantId: "t" })).toBe(
      "https://login.microsoftonline.com/t/oauth2/token (v1, resource https://graph.windows.net)",
    );
  });
});
