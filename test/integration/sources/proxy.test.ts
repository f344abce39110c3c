/**
 * Egress through a real proxy (tinyproxy on loopback): the token request and the API request both go through it (its
 * log shows their CONNECTs), from source.proxy or from the environment; noProxy bypasses it; a proxy that wants
 * credentials gets them from a file or the environment; a proxy that is down or refuses is named, credentials never.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { runCli } from "../../support/cli.js";
import { freeTcpPort } from "../../support/ports.js";
import { startTinyproxy, type Tinyproxy } from "../../support/tinyproxy.js";

// tinyproxy takes only simple characters in BasicAuth.
const PASSWORD = "pr0xyPassw0rd";
let sim: Simulator;
let open: Tinyproxy;
let guarded: Tinyproxy;
let target: string;
const dir = mkdtempSync(join(tmpdir(), "mdefwd-proxy-"));

beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
  target = new URL(sim.url).host;
  open = await startTinyproxy();
  guarded = await startTinyproxy({ user: "collector", password: PASSWORD });
});
afterAll(async () => {
  await Promise.all([sim?.close(), open?.dispose(), guarded?.dispose()]);
});

let n = 0;
function check(sourceLines: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `config-${++n}.yaml`);
  writeFileSync(
    file,
    `${sim.configSnippet()}\n  maxRetries: 0\n${sourceLines}\noutput:\n  transport: stdout\nhealth:\n  listen: "off"\nlog:\n  level: error\n`,
  );
  return runCli(["check", "-c", file, "--online"], env);
}

const credentialsFile = (text: string) => {
  const file = join(dir, `proxy-credentials-${++n}`);
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  return file;
};

describe("egress through a proxy", () => {
  it("source.proxy: the token and the API request go through it", async () => {
    const before = (await open.connects()).length;
    const result = await check(`  proxy: ${open.url}`);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/API {7}siem: \d+ records? in the last hour/);
    const connects = (await open.connects()).slice(before);
    expect(connects.length).toBeGreaterThanOrEqual(2);
    expect(new Set(connects)).toEqual(new Set([target]));
  });

  it("http_proxy from the environment when source.proxy is absent, and NO_PROXY bypasses it", async () => {
    const before = (await open.connects()).length;
    expect(await check("", { http_proxy: open.url })).toMatchObject({ code: 0, stderr: "" });
    const through = (await open.connects()).length;
    expect(through - before).toBeGreaterThanOrEqual(2);

    expect(await check("", { HTTP_PROXY: open.url, NO_PROXY: "localhost,127.0.0.1" })).toMatchObject({ code: 0 });
    expect(await check(`  noProxy: [127.0.0.1]`, { HTTP_PROXY: open.url })).toMatchObject({ code: 0 });
    expect((await open.connects()).length).toBe(through);
  });

  it("a proxy that requires authentication: refused without credentials, naming the proxy, exit 1", async () => {
    const result = await check(`  proxy: ${guarded.url}`);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `the proxy ${guarded.url} requires authentication (HTTP 407): set source.proxyCredentialsFile`,
    );
  });

  it("credentials from source.proxyCredentialsFile pass it; wrong ones are named as such, never shown", async () => {
    const good = await check(
      `  proxy: ${guarded.url}\n  proxyCredentialsFile: ${credentialsFile(`collector:${PASSWORD}`)}`,
    );
    expect(good).toMatchObject({ code: 0, stderr: "" });
    expect(await guarded.connects()).toContain(target);

    const bad = await check(`  proxy: ${guarded.url}\n  proxyCredentialsFile: ${credentialsFile("collector:wrong")}`);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      `the proxy ${guarded.url} refused the credentials (HTTP 401): check source.proxyCredentialsFile`,
    );
  });

  it("credentials in the URL from ${VAR} or HTTP_PROXY pass it and are not shown", async () => {
    const withCredentials = `http://collector:${encodeURIComponent(PASSWORD)}@127.0.0.1:${guarded.port}`;
    const fromVar = await check("  proxy: ${PROXY_URL}", { PROXY_URL: withCredentials });
    expect(fromVar).toMatchObject({ code: 0, stderr: "" });
    const fromEnv = await check("", { HTTP_PROXY: withCredentials });
    expect(fromEnv).toMatchObject({ code: 0, stderr: "" });
    expect(fromVar.stdout + fromEnv.stdout).not.toContain(encodeURIComponent(PASSWORD));
  });

  it("credentials written in source.proxy itself are a configuration error, exit 2", async () => {
    const result = await check(`  proxy: http://collector:secret@127.0.0.1:${guarded.port}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/source\.proxy: holds credentials written in the file itself/);
    expect(result.stderr).not.toContain("secret@");
  });

  it("a proxy that is down: the failure names the proxy, not its credentials, exit 1", async () => {
    const down = `http://127.0.0.1:${await freeTcpPort()}`;
    const result = await check(`  proxy: ${down}\n  proxyCredentialsFile: ${credentialsFile(`collector:${PASSWORD}`)}`);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^token request to \\S+ failed: through the proxy ${down}: connect ECONNREFUSED`),
    );
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toContain(encodeURIComponent(PASSWORD));
  });
});
