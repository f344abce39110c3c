import { describe, expect, it } from "vitest";
import { alertsApiUrl } from "../../../../src/sources/alerts/endpoint.js";
import type { Cloud } from "../../../../src/sources/options.js";
import { graphUrl } from "../../../../src/sources/shared/graph-endpoint.js";

describe("Alerts API address", () => {
  it("is api.security.microsoft.com, or its geo host", () => {
    expect(alertsApiUrl({ cloud: "commercial" })).toBe("https://api.security.microsoft.com/api/alerts");
    expect(alertsApiUrl({ cloud: "commercial", region: "eu" })).toBe(
      "https://eu.api.security.microsoft.com/api/alerts",
    );
    expect(alertsApiUrl({ cloud: "commercial", region: "swa" })).toBe(
      "https://swa.api.security.microsoft.com/api/alerts",
    );
  });

  it("is the US Government host in GCC, GCC High and DoD", () => {
    expect(alertsApiUrl({ cloud: "gcc" })).toBe("https://api-gcc.securitycenter.microsoft.us/api/alerts");
    expect(alertsApiUrl({ cloud: "gcc-high" })).toBe("https://api-gov.securitycenter.microsoft.us/api/alerts");
    expect(alertsApiUrl({ cloud: "dod" })).toBe("https://api-gov.securitycenter.microsoft.us/api/alerts");
  });

  it("takes a configured url as its base", () => {
    expect(alertsApiUrl({ cloud: "commercial", region: "eu", url: "http://127.0.0.1:8080/mde" })).toBe(
      "http://127.0.0.1:8080/mde/api/alerts",
    );
  });
});

const graphAlertsUrl = (config: { cloud: Cloud; url?: string }) => graphUrl(config, "alerts_v2");

describe("Graph alerts_v2 address", () => {
  it("is the cloud's Graph host", () => {
    expect(graphAlertsUrl({ cloud: "commercial" })).toBe("https://graph.microsoft.com/v1.0/security/alerts_v2");
    expect(graphAlertsUrl({ cloud: "gcc" })).toBe("https://graph.microsoft.com/v1.0/security/alerts_v2");
    expect(graphAlertsUrl({ cloud: "gcc-high" })).toBe("https://graph.microsoft.us/v1.0/security/alerts_v2");
    expect(graphAlertsUrl({ cloud: "dod" })).toBe("https://dod-graph.microsoft.us/v1.0/security/alerts_v2");
  });

  it("takes a configured url as its base, or whole", () => {
    expect(graphAlertsUrl({ cloud: "commercial", url: "http://127.0.0.1:8080" })).toBe(
      "http://127.0.0.1:8080/v1.0/security/alerts_v2",
    );
    expect(graphAlertsUrl({ cloud: "commercial", url: "https://proxy.example/beta/security/alerts_v2" })).toBe(
      "https://proxy.example/beta/security/alerts_v2",
    );
  });
});

describe("Graph incidents address", () => {
  it("is the cloud's Graph host, or below the configured url", () => {
    expect(graphUrl({ cloud: "commercial" }, "incidents")).toBe("https://graph.microsoft.com/v1.0/security/incidents");
    expect(graphUrl({ cloud: "dod" }, "incidents")).toBe("https://dod-graph.microsoft.us/v1.0/security/incidents");
    expect(graphUrl({ cloud: "commercial", url: "http://127.0.0.1:8080/" }, "incidents")).toBe(
      "http://127.0.0.1:8080/v1.0/security/incidents",
    );
    expect(graphUrl({ cloud: "commercial", url: "https://proxy.example/beta/security/incidents" }, "incidents")).toBe(
      "https://proxy.example/beta/security/incidents",
    );
  });
});
