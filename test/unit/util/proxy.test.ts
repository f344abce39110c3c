import { describe, expect, it } from "vitest";
import { proxySettings } from "../../../src/config/proxy.js";
import { Secret } from "../../../src/config/secret.js";
import { bypasses, proxyProblem, routeFor } from "../../../src/util/proxy.js";

const url = (u: string) => new URL(u);

describe("noProxy", () => {
  it.each([
    ["*", "https://login.microsoftonline.com/x", true],
    ["microsoft.com", "https://graph.microsoft.com/v1.0", true],
    [".microsoft.com", "https://graph.microsoft.com/v1.0", true],
    ["*.microsoft.com", "https://graph.microsoft.com/v1.0", true],
    ["microsoft.com", "https://notmicrosoft.com/", false],
    ["127.0.0.1", "http://127.0.0.1:8080/", true],
    ["127.0.0.1:9090", "http://127.0.0.1:8080/", false],
    ["localhost:8080", "http://LOCALHOST:8080/", true],
    ["::1", "http://[::1]:8080/", true],
    ["[::1]:8080", "http://[::1]:8080/", true],
    ["", "https://graph.microsoft.com/", false],
  ])("%j for %s: %s", (entry, target, expected) => {
    expect(bypasses([entry], url(target))).toBe(expected);
  });
});

describe("proxy settings", () => {
  it("source.proxy serves both schemes; its own noProxy; NO_PROXY then ignored", () => {
    const p = proxySettings({ proxy: "http://proxy:3128", noProxy: ["internal"] }, { NO_PROXY: "x" }, undefined);
    expect(p).toEqual({
      http: { url: "http://proxy:3128" },
      https: { url: "http://proxy:3128" },
      noProxy: ["internal"],
    });
  });

  it("without source.proxy: https_proxy for https, HTTP_PROXY for http, the lower-case form first, no_proxy", () => {
    const p = proxySettings(
      {},
      { https_proxy: "http://a:1", HTTPS_PROXY: "http://b:2", HTTP_PROXY: "c:3", NO_PROXY: "localhost, .corp" },
      undefined,
    );
    expect(p).toEqual({ https: { url: "http://a:1" }, http: { url: "http://c:3" }, noProxy: ["localhost", ".corp"] });
    expect(routeFor(p, "https://graph.microsoft.com/")).toEqual({ url: "http://a:1" });
    expect(routeFor(p, "http://127.0.0.1:1/")).toEqual({ url: "http://c:3" });
    expect(routeFor(p, "https://x.corp/")).toBeUndefined();
    expect(routeFor(proxySettings({}, {}, undefined), "https://graph.microsoft.com/")).toBeUndefined();
  });

  it("credentials leave the URL for a Secret; a credentials file wins over them", () => {
    const p = proxySettings({}, { HTTPS_PROXY: "http://us%40er:p%3Ass@proxy:3128" }, undefined);
    expect(p.https!.url).toBe("http://proxy:3128");
    expect(p.https!.credentials!.reveal()).toBe("us@er:p:ss");
    expect(JSON.stringify(p)).not.toContain("p:ss");
    const fromFile = proxySettings({ proxy: "https://proxy:3129" }, {}, new Secret("svc:pw"));
    expect(fromFile.https).toEqual({ url: "https://proxy:3129", credentials: expect.any(Secret) });
    expect(fromFile.https!.credentials!.reveal()).toBe("svc:pw");
  });
});

describe("proxy failures", () => {
  const route = { url: "http://proxy:3128" };
  it("a refusal is permanent and names the proxy; other problems name it too and stay retryable", () => {
    expect(proxyProblem(route, "Bad response: 407")).toMatchObject({
      code: "E_PROXY_AUTH",
      message: "the proxy http://proxy:3128 requires authentication (HTTP 407): set source.proxyCredentialsFile",
    });
    expect(proxyProblem({ ...route, credentials: new Secret("a:b") }, "Bad response: 407")).toMatchObject({
      message: "the proxy http://proxy:3128 refused the credentials (HTTP 407): check source.proxyCredentialsFile",
    });
    expect(proxyProblem(route, "Bad response: 403")).toMatchObject({ code: "E_PROXY" });
    expect(proxyProblem(route, "connect ECONNREFUSED 10.0.0.1:3128")).toBe(
      "through the proxy http://proxy:3128: connect ECONNREFUSED 10.0.0.1:3128",
    );
  });
});
