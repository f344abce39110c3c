import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { runCli } from "../../support/cli.js";
import { tempFiles } from "../../support/temp.js";

const SECRET = "Sup3r-S3cret-Value";
const MINIMAL = `source:
  api: siem
  tenantId: contoso.onmicrosoft.com
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
  region: eu
output:
  transport: tcp
  host: siem.example.com
`;

describe("good configurations", () => {
  it("minimal: every default filled in", async () => {
    const dir = tempFiles({ "c.yaml": MINIMAL });
    const config = await loadConfig(join(dir, "c.yaml"), { MDE_CLIENT_SECRET: SECRET });
    expect(config.source).toMatchObject({
      api: "siem",
      cloud: "commercial",
      region: "eu",
      lookback: 7_200_000,
      overlap: 600_000,
      maxWindow: 3_600_000,
    });
    expect(config.source.query).toEqual({
      machineGroups: [],
      deviceCreatedMachineTags: "",
      cloudCreatedMachineTags: "",
    });
    expect(config.schedule).toBe("*/1 * * * *");
    expect(config.mapping).toBe("builtin:siem-cef");
    expect(config.output).toMatchObject({
      transport: "tcp",
      host: "siem.example.com",
      port: 514,
      framing: "lf",
      header: "rfc5424",
      facility: 16,
      appName: "mde-forwarder",
      maxMessageBytes: 8192,
    });
    expect(config.health).toEqual({ listen: { host: "127.0.0.1", port: 9780 }, allowRemote: false });
    expect(config.log.level).toBe("info");
  });

  it("Alerts API: filters in Microsoft's spelling, evidence expanded, one message per alert, its default mapping", async () => {
    const yaml = MINIMAL.replace("api: siem", "api: alerts").replace(
      "region: eu",
      "query:\n    severity: [high, MEDIUM]\n    status: inprogress\n    detectionSource: [WindowsDefenderAv]",
    );
    const config = await loadConfig(join(tempFiles({ "c.yaml": yaml }), "c.yaml"), { MDE_CLIENT_SECRET: SECRET });
    expect(config.source.query).toEqual({
      severity: ["High", "Medium"],
      status: ["InProgress"],
      detectionSource: ["WindowsDefenderAv"],
      expandEvidence: true,
    });
    expect(config.source.messagePer).toBe("alert");
    expect(config.mapping).toBe("builtin:alerts-cef");
  });

  it("Graph: Defender for Endpoint's alerts by default, every product with all, a list otherwise", async () => {
    const graph = (query: string) => MINIMAL.replace("api: siem", "api: graph").replace("  region: eu\n", query);
    const load = async (query: string) =>
      (await loadConfig(join(tempFiles({ "c.yaml": graph(query) }), "c.yaml"), { MDE_CLIENT_SECRET: SECRET })).source;
    expect((await load("")).query).toEqual({
      serviceSource: ["microsoftDefenderForEndpoint"],
      severity: [],
      status: [],
    });
    expect((await load("  query:\n    serviceSource: ALL\n")).query).toMatchObject({ serviceSource: [] });
    const listed = await load(
      "  messagePer: evidence\n  pageSize: 500\n  query:\n    serviceSource: [microsoftdefenderforendpoint, microsoftDefenderForOffice365]\n    status: [InProgress]\n",
    );
    expect(listed).toMatchObject({
      messagePer: "evidence",
      pageSize: 500,
      query: {
        serviceSource: ["microsoftDefenderForEndpoint", "microsoftDefenderForOffice365"],
        status: ["inProgress"],
      },
    });
  });

  it("Graph: a filter value the schema does not list passes with a warning and is sent as written", async () => {
    const text = MINIMAL.replace("api: siem", "api: graph").replace(
      "  region: eu\n",
      "  query:\n    serviceSource: [microsoftSentinel, microsoftDefenderForQuantum]\n    status: [InProgress, open]\n",
    );
    const dir = tempFiles({ "c.yaml": text });
    const config = await loadConfig(join(dir, "c.yaml"), { MDE_CLIENT_SECRET: SECRET });
    expect(config.source.query).toMatchObject({
      serviceSource: ["microsoftSentinel", "microsoftDefenderForQuantum"],
      status: ["inProgress", "open"],
    });
    const result = await runCli(["check", "-c", join(dir, "c.yaml")], { MDE_CLIENT_SECRET: SECRET });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const warnings = result.stdout.split("\n").filter((line) => line.startsWith("warning:"));
    expect(warnings).toEqual([
      `warning: ${join(dir, "c.yaml")}:7:40 source.query.serviceSource[1]: "microsoftDefenderForQuantum" is not among` +
        ` the serviceSource values Microsoft's schema lists (did you mean "microsoftDefenderForIdentity"?): sent as written`,
      `warning: ${join(dir, "c.yaml")}:8:26 source.query.status[1]: "open" is not among the status values Microsoft's` +
        " schema lists: sent as written",
    ]);
  });

  it("full: config.example.yaml passes check with the variables it names", async () => {
    const example = fileURLToPath(new URL("../../../config.example.yaml", import.meta.url));
    const result = await runCli(["check", "-c", example], { MDE_CLIENT_SECRET: SECRET });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("configuration is valid");
    expect(result.stdout).not.toContain(SECRET);
  });

  it("config.example.yaml switched to another API: alerts passes, graph is one line naming region", async () => {
    const example = readFileSync(fileURLToPath(new URL("../../../config.example.yaml", import.meta.url)), "utf8");
    const dir = tempFiles({
      "alerts.yaml": example.replace(/^ {2}api: siem$/m, "  api: alerts"),
      "graph.yaml": example.replace(/^ {2}api: siem$/m, "  api: graph"),
    });
    const env = { MDE_CLIENT_SECRET: SECRET };
    const alerts = await runCli(["check", "-c", join(dir, "alerts.yaml")], env);
    expect(alerts).toMatchObject({ code: 0, stderr: "" });
    expect(alerts.stdout).toContain("  mapping   builtin:alerts-cef\n");
    const regionLine = example.split("\n").findIndex((line) => line.startsWith("  region: ")) + 1;
    expect(await runCli(["check", "-c", join(dir, "graph.yaml")], env)).toEqual({
      code: 2,
      stdout: "",
      stderr: `${join(dir, "graph.yaml")}:${regionLine}:3 source.region: only for api siem or alerts, not graph (Graph has no regional hosts)\n`,
    });
    const withoutRegion = example.replace(/^ {2}api: siem$/m, "  api: graph").replace(/^ {2}region: eu\n/m, "");
    writeFileSync(join(dir, "graph.yaml"), withoutRegion);
    const graph = await runCli(["check", "-c", join(dir, "graph.yaml")], env);
    expect(graph).toMatchObject({ code: 0, stderr: "" });
    expect(graph.stdout).toContain("  mapping   builtin:graph-cef\n");
  });

  it("TLS: port 6514, octet counting, paths relative to the configuration file", async () => {
    const dir = tempFiles({
      "c.yaml": MINIMAL.replace("transport: tcp", "transport: tls") + "  tls:\n    ca: certs/ca.pem\n",
      "ca.pem": "",
    });
    writeFileSync(join(dir, "ca.pem"), "");
    await expect(loadConfig(join(dir, "c.yaml"), { MDE_CLIENT_SECRET: SECRET })).rejects.toThrow(
      `cannot read ${join(dir, "certs/ca.pem")}`,
    );
    writeFileSync(
      join(dir, "c.yaml"),
      MINIMAL.replace("transport: tcp", "transport: tls") + "  tls:\n    ca: ca.pem\n",
    );
    const config = await loadConfig(join(dir, "c.yaml"), { MDE_CLIENT_SECRET: SECRET });
    expect(config.output).toMatchObject({
      port: 6514,
      framing: "octet-counting",
      tls: { ca: join(dir, "ca.pem"), rejectUnauthorized: true },
    });
  });

  it("secret from the environment, kept out of logs and JSON", async () => {
    const dir = tempFiles({ "c.yaml": MINIMAL });
    const config = await loadConfig(join(dir, "c.yaml"), { MDE_CLIENT_SECRET: SECRET });
    expect(config.source.credential.kind).toBe("secret");
    expect(config.source.credential.kind === "secret" && config.source.credential.secret.reveal()).toBe(SECRET);
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(String((config.source.credential as { secret: unknown }).secret)).toBe("[redacted]");
  });

  it("secret from a file, trailing newline trimmed", async () => {
    const dir = tempFiles({
      "c.yaml": MINIMAL.replace("clientSecret: ${MDE_CLIENT_SECRET}", "clientSecretFile: secret.txt"),
      "secret.txt": `${SECRET}\n`,
    });
    const config = await loadConfig(join(dir, "c.yaml"), {});
    expect(config.source.credential.kind === "secret" && config.source.credential.secret.reveal()).toBe(SECRET);
  });

  it("secret from systemd credentials ($CREDENTIALS_DIRECTORY)", async () => {
    const dir = tempFiles({
      "c.yaml": MINIMAL.replace(
        "clientSecret: ${MDE_CLIENT_SECRET}",
        "clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret",
      ),
      "client-secret": SECRET,
    });
    const config = await loadConfig(join(dir, "c.yaml"), { CREDENTIALS_DIRECTORY: dir });
    expect(config.source.credential.kind === "secret" && config.source.credential.secret.reveal()).toBe(SECRET);
  });

  it("certificate credential", async () => {
    const dir = tempFiles({
      "c.yaml": MINIMAL.replace(
        "clientSecret: ${MDE_CLIENT_SECRET}",
        "certificate:\n    certFile: app.crt\n    keyFile: app.key\n    thumbprint: x5t",
      ),
      "app.crt": "-----BEGIN CERTIFICATE-----\n",
      "app.key": "-----BEGIN PRIVATE KEY-----\n",
    });
    const config = await loadConfig(join(dir, "c.yaml"), {});
    expect(config.source.credential).toMatchObject({
      kind: "certificate",
      certificatePem: "-----BEGIN CERTIFICATE-----",
      thumbprint: "x5t",
    });
    expect(JSON.stringify(config)).not.toContain("PRIVATE KEY");
  });

  it("${VAR:-default}, numbers from variables, an empty section and $STATE_DIRECTORY", async () => {
    const dir = tempFiles({ "c.yaml": `${MINIMAL}  port: \${SYSLOG_PORT:-1514}\nstate:\nhealth:\n  listen: off\n` });
    const config = await loadConfig(join(dir, "c.yaml"), {
      MDE_CLIENT_SECRET: SECRET,
      STATE_DIRECTORY: "/var/lib/mde-forwarder",
    });
    expect(config.output.port).toBe(1514);
    expect(config.state.dir).toBe("/var/lib/mde-forwarder");
    expect(config.health.listen).toBeUndefined();
  });
});
