/** `mde-forwarder simulate` and `check --online` as processes: the printed snippet is enough to connect. */
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runBuiltCli, startBuiltCli } from "../../support/cli-process.js";

let simulator: ChildProcess;
let banner: string;
let configFile: string;
let url: string;

beforeAll(async () => {
  assertBuilt();
  ({ child: simulator, output: banner } = await startBuiltCli(
    ["simulate", "--port", "0", "--seed", "9", "--rate", "5"],
    "Stop with Ctrl-C.",
  ));
  url = /Simulated Defender tenant at (\S+)/.exec(banner)![1]!;
  const snippet = banner.slice(banner.indexOf("source:"), banner.indexOf("\n\nThen"));
  configFile = join(mkdtempSync(join(tmpdir(), "mdefwd-cli-")), "config.yaml");
  writeFileSync(
    configFile,
    `${snippet}\noutput:\n  transport: stdout\nhealth:\n  listen: "off"\nlog:\n  level: error\n`,
  );
});
afterAll(async () => {
  if (simulator.exitCode === null) {
    simulator.kill("SIGTERM");
    await once(simulator, "exit");
  }
});

const fault = (body: unknown) =>
  fetch(`${url}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("simulate and check --online", () => {
  it("prints a source section that check --online connects with, and reports the last hour's count", async () => {
    expect(banner).toMatch(/^ {2}api: siem$/m);
    const result = await runBuiltCli(["check", "-c", configFile, "--online"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      / {2}token {5}obtained from http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+\/oauth2\/token \(v1, resource https:\/\/graph\.windows\.net\)/,
    );
    expect(result.stdout).toMatch(/ {2}API {7}siem: [1-9]\d* records in the last hour/);
  });

  it.each([
    ["alerts", "/mde", "https://api.securitycenter.microsoft.com/.default"],
    ["graph", "", "https://graph.microsoft.com/.default"],
  ])("connects the %s source with its default scope, from the same tenant", async (api, prefix, scope) => {
    const yaml = readFileSync(configFile, "utf8")
      .replace("api: siem", `api: ${api}`)
      .replace(/url: (\S+)/, `url: $1${prefix}`)
      .replace("/oauth2/token", "/oauth2/v2.0/token");
    const file = join(dirname(configFile), `${api}.yaml`);
    writeFileSync(file, yaml);
    const result = await runBuiltCli(["check", "-c", file, "--online"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`(v2, scope ${scope})`);
    expect(result.stdout).toMatch(new RegExp(` {2}API {7}${api}: [1-9]\\d* records in the last hour`));
  });

  it("reports the exact failure of the token request, exit code 1", async () => {
    await fault({ kind: "entra", aadsts: 7000222 });
    const result = await runBuiltCli(["check", "-c", configFile, "--online"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^Entra ID refused the token request \(AADSTS7000222\): the client secret has expired/,
    );
  });

  it("reports the exact failure of the API request, exit code 1", async () => {
    await fault({ kind: "status", status: 403 });
    const result = await runBuiltCli(["check", "-c", configFile, "--online"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("token     obtained");
    expect(result.stderr.trim()).toMatch(
      /^the SIEM API refused the request \(HTTP 403\): Microsoft says a domain is not managed by the tenant's administrator, or the tenant is deleted: check that source.tenantId is your tenant, and that source.clientId is the application the Defender portal's Settings > SIEM > Enable SIEM integration created/,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("with --verbose, the failure carries its stack, as in the other commands", async () => {
    await fault({ kind: "status", status: 403 });
    const result = await runBuiltCli(["check", "-c", configFile, "--online", "--verbose"]);
    expect(result.code).toBe(1);
    const [message, ...stack] = result.stderr.trim().split("\n");
    expect(message).toMatch(/^the SIEM API refused the request \(HTTP 403\)/);
    expect(
      stack.some((line) => /^\s+at /.test(line)),
      result.stderr,
    ).toBe(true);
  });

  it("stops cleanly on SIGTERM", async () => {
    simulator.kill("SIGTERM");
    const [code] = (await once(simulator, "exit")) as [number];
    expect(code).toBe(0);
  });
});
