import { describe, expect, it } from "vitest";
import { alertsUrl, queryParams } from "../../../../src/sources/siem/endpoint.js";

describe("alertsUrl", () => {
  it("uses the regional host in the commercial cloud", () => {
    expect(alertsUrl({ cloud: "commercial", region: "eu" })).toBe(
      "https://wdatp-alertexporter-eu.windows.com/api/alerts",
    );
    expect(alertsUrl({ cloud: "commercial", region: "us" })).toBe(
      "https://wdatp-alertexporter-us.windows.com/api/alerts",
    );
    expect(alertsUrl({ cloud: "commercial", region: "uk" })).toBe(
      "https://wdatp-alertexporter-uk.windows.com/api/alerts",
    );
  });

  it("uses the US Government hosts", () => {
    expect(alertsUrl({ cloud: "gcc", region: "us" })).toBe(
      "https://wdatp-alertexporter-us.gcc.securitycenter.windows.us/api/alerts",
    );
    expect(alertsUrl({ cloud: "gcc-high" })).toBe(
      "https://wdatp-alertexporter-us.securitycenter.windows.us/api/alerts",
    );
    expect(alertsUrl({ cloud: "dod" })).toBe("https://wdatp-alertexporter-us.securitycenter.windows.us/api/alerts");
  });

  it("takes url as the base, with or without the path", () => {
    expect(alertsUrl({ cloud: "commercial", url: "http://127.0.0.1:8080/" })).toBe("http://127.0.0.1:8080/api/alerts");
    expect(alertsUrl({ cloud: "commercial", url: "https://proxy.example/mde/api/Alerts" })).toBe(
      "https://proxy.example/mde/api/Alerts",
    );
  });
});

describe("queryParams", () => {
  it("writes every parameter the forwarder sends, times in Microsoft's format, machine groups repeated", () => {
    const params = queryParams({
      since: new Date("2016-09-12T00:00:00Z"),
      until: new Date("2016-09-12T01:30:00.5Z"),
      limit: 20,
      machineGroups: ["UKMachines", "FranceMachines"],
      deviceCreatedMachineTags: "VIP",
      cloudCreatedMachineTags: "Production",
    });
    expect(params.toString()).toBe(
      "sinceTimeUtc=2016-09-12T00%3A00%3A00.000&untilTimeUtc=2016-09-12T01%3A30%3A00.500&limit=20" +
        "&machinegroups=UKMachines&machinegroups=FranceMachines&DeviceCreatedMachineTags=VIP&CloudCreatedMachineTags=Production",
    );
  });

  it("leaves out what is not set, and empty tags", () => {
    expect(
      queryParams({ machineGroups: [], deviceCreatedMachineTags: "", cloudCreatedMachineTags: "" }).toString(),
    ).toBe("");
  });
});
