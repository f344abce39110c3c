import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INIT_TRANSPORTS, SIEMS } from "../../../src/cli/init-template.js";
import { SOURCE_NAMES } from "../../../src/sources/registry.js";
import { runCli } from "../../support/cli.js";
import { tempDir, tempFiles } from "../../support/temp.js";

const TENANT = "contoso.onmicrosoft.com";
const CLIENT = "66666666-7777-8888-9999-000000000000";
/** The secret as the packaged unit hands it over: a file in $CREDENTIALS_DIRECTORY. */
const credentials = tempFiles({ "client-secret": "Sup3r-S3cret-Value\n" });
chmodSync(join(credentials, "client-secret"), 0o600);
const ENV = { CREDENTIALS_DIRECTORY: credentials };
/** The flags an API needs besides the common ones: the SIEM API has regions, and needs one. */
const apiFlags = (api: string) => (api === "siem" ? ["--region", "eu"] : []);

const COMBINATIONS = SOURCE_NAMES.flatMap((api) =>
  SIEMS.flatMap((siem) => INIT_TRANSPORTS.map((transport) => ({ api, siem, transport }))),
);

describe("init", () => {
  const dir = tempDir();

  it.each(COMBINATIONS)("--api $api --siem $siem --transport $transport passes check", async (c) => {
    const file = join(dir, `${c.api}-${c.siem}-${c.transport}.yaml`);
    const args = ["--api", c.api, "--siem", c.siem, "--transport", c.transport, "--tenant", TENANT, "--client", CLIENT];
    const made = await runCli(["init", ...args, ...apiFlags(c.api), "-o", file]);
    expect(made).toMatchObject({ code: 0, stdout: "" });
    const format = c.siem === "qradar" ? "leef" : "cef";
    expect(made.stderr).toBe(
      `wrote ${file}: the ${c.api} API, builtin:${c.api}-${format}, syslog ${c.transport}\n` +
        "still to fill in: output.host (--host)\n",
    );

    const checked = await runCli(["check", "-c", file], ENV);
    expect(checked).toMatchObject({ code: 0, stderr: "" });
    expect(checked.stdout).toContain(`${file}: configuration is valid\n`);
    expect(checked.stdout).not.toContain("warning");
    expect(checked.stdout).toContain(`  source    ${c.api} API`);
    expect(checked.stdout).toContain(`  mapping   builtin:${c.api}-${format}\n`);
    const port = { udp: 514, tcp: 514, tls: 6514, relp: 20514 }[c.transport];
    // RELP frames each message itself: no framing to show.
    const framing =
      c.transport === "udp" || c.transport === "relp"
        ? ""
        : c.transport === "tls" && c.siem === "other"
          ? " (octet-counting)"
          : " (lf)";
    const bytes = c.siem !== "qradar" ? 8192 : 4096;
    const siemHost = {
      arcsight: "smartconnector.example.com",
      qradar: "qradar-ec.example.com",
      other: "siem.example.com",
    };
    const host = c.transport === "relp" ? "relay.example.com" : siemHost[c.siem];
    expect(checked.stdout).toContain(
      `  output    ${c.transport} ${host}:${port}${framing}, header rfc5424, at most ${bytes} bytes per message\n`,
    );
    expect(checked.stdout).toContain(`builtin:${c.api}-${format}: mapping is valid (${format}, source ${c.api})`);
  });

  it("writes comments that say what the application needs and where the secret comes from", async () => {
    const { code, stdout } = await runCli(["init", "--api", "graph", "--siem", "qradar", "-o", "-"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "  # The application needs the application permission SecurityAlert.Read.All on Microsoft Graph, with admin consent.\n",
    );
    expect(stdout).toContain("  clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret\n");
    expect(stdout).toContain("LoadCredential=client-secret:/etc/mde-forwarder/client-secret");
    expect(stdout).toContain("Admin > System Settings");
    expect(stdout.split("\n").every((line) => line.length <= 120)).toBe(true);
  });

  it("-o - writes to standard output only; what is left to fill in goes to standard error", async () => {
    const cwd = tempDir();
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const { code, stdout, stderr } = await runCli(["init", "-o", "-"]);
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^# mde-forwarder: Defender alerts of the graph API to a syslog receiver, CEF over syslog tcp\.\n/,
      );
      expect(stderr).toBe(
        "still to fill in: source.tenantId (--tenant), source.clientId (--client), output.host (--host)\n",
      );
      expect(existsSync(join(cwd, "config.yaml"))).toBe(false);
    } finally {
      process.chdir(before);
    }
  });

  it("relp: the relay named with its guide, window and ackTimeout shown, TLS with --ca", async () => {
    const folder = tempFiles({ "relay-ca.pem": "" });
    const file = join(folder, "config.yaml");
    const args = ["--siem", "qradar", "--transport", "relp", "--ca", "relay-ca.pem", "--host", "relay.example.net"];
    expect((await runCli(["init", ...args, "-o", file])).code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toContain('Its configuration: docs/qradar.md, "An rsyslog relay with RELP".');
    expect(text).toContain("  # window: 128 ");
    expect(text).toContain("  # ackTimeout: PT30S ");
    expect(text).toContain("  tls:\n    ca: relay-ca.pem\n");
    // The header's command line holds the file's path, as long as the temporary folder's.
    const long = text.split("\n").filter((line) => line.length > 120 && !line.startsWith("# Check it:"));
    expect(long).toEqual([]);
    const checked = await runCli(["check", "-c", file], ENV);
    expect(checked).toMatchObject({ code: 0, stderr: "" });
    expect(checked.stdout).toContain("  output    relp relay.example.net:20514, header rfc5424, at most 4096 bytes");
  });

  it("every API's comment about the application's access fits in 120 columns", async () => {
    for (const api of SOURCE_NAMES) {
      const { stdout } = await runCli(["init", "--api", api, ...apiFlags(api), "-o", "-"]);
      expect(stdout).toMatch(/# The application (needs|must be) /);
      expect(stdout.split("\n").filter((line) => line.length > 120)).toEqual([]);
    }
  });

  it("placeholders still pass check, each marked in the file", async () => {
    const file = join(tempDir(), "config.yaml");
    expect((await runCli(["init", "-o", file])).code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("  tenantId: 00000000-0000-0000-0000-000000000000 # fill in (--tenant)\n");
    expect(text).toContain("  host: siem.example.com # fill in (--host)\n");
    expect(await runCli(["check", "-c", file], ENV)).toMatchObject({ code: 0, stderr: "" });
  });

  it("refuses to replace an existing file unless --force", async () => {
    const file = join(tempDir(), "config.yaml");
    writeFileSync(file, "# edited by hand\n");
    expect(await runCli(["init", "-o", file])).toEqual({
      code: 2,
      stdout: "",
      stderr: `init: ${file} exists: choose another file with -o FILE, or replace it with --force\n`,
    });
    expect(readFileSync(file, "utf8")).toBe("# edited by hand\n");
    expect((await runCli(["init", "-o", file, "--force"])).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("api: graph");
  });

  it("a secret file, a CA and a port given are written as given, relative paths from the file's folder", async () => {
    const folder = tempFiles({ secret: "s3cret\n", "siem-ca.pem": "" });
    chmodSync(join(folder, "secret"), 0o600);
    const file = join(folder, "config.yaml");
    const args = ["--transport", "tls", "--port", "6515", "--secret-file", "secret", "--ca", "siem-ca.pem"];
    expect((await runCli(["init", ...args, "--host", "10.0.0.5", "-o", file])).code).toBe(0);
    const checked = await runCli(["check", "-c", file]);
    expect(checked).toMatchObject({ code: 0, stderr: "" });
    expect(checked.stdout).toContain("  output    tls 10.0.0.5:6515 (octet-counting)");
  });

  it.each([
    [["--api", "sentinel"], `init: --api expects ${SOURCE_NAMES.join(", ")}, got "sentinel"`],
    [["--siem", "splunk"], 'init: --siem expects arcsight, qradar, other, got "splunk"'],
    [["--transport", "omfwd"], 'init: --transport expects udp, tcp, tls, relp, got "omfwd"'],
    [["--port", "70000"], 'init: --port expects a port number from 1 to 65535, got "70000"'],
    [["--tenant", "not a tenant"], "init: --tenant: expected a tenant ID (a GUID) or a tenant domain"],
    [["--client", "app"], "init: --client: expected an application (client) ID, a GUID"],
    [["--api", "siem"], "init: --region (api siem): missing; the SIEM API needs its region: eu, us or uk"],
    [["--api", "siem", "--region", "fr"], "init: --region (api siem): expected one of eu, us, uk for api siem"],
    [["--api", "graph", "--region", "eu"], "init: --region: the graph API has no regions"],
  ])("%j is one line saying what is expected, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await runCli(["init", ...args, "-o", "-"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
