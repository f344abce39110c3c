/**
 * Each bad configuration must fail `check` with exit code 2 and exactly one line naming the file, line, column and
 * key path, saying what is wrong and what would be right, and never echo the secret.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";
import { tempDir } from "../../support/temp.js";

const SECRET = "Sup3r-S3cret-Value";
const ENV = { MDE_CLIENT_SECRET: SECRET };

const SOURCE = `source:
  api: siem
  tenantId: 11111111-2222-3333-4444-555555555555
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
  region: eu
`;
const GRAPH = SOURCE.replace("api: siem", "api: graph").replace("  region: eu\n", "");
const OUTPUT = `output:
  transport: tcp
  host: 127.0.0.1
`;

interface Case {
  name: string;
  yaml: string;
  env?: NodeJS.ProcessEnv;
  /** The expected line, after `FILE:`. */
  expected: string;
}

const cases: Case[] = [
  {
    name: "missing required key",
    yaml: SOURCE.replace("  api: siem\n", "") + OUTPUT,
    expected: "1:1 source.api: missing; expected one of siem, alerts, graph, incidents",
  },
  {
    name: "unknown enum value",
    yaml: SOURCE.replace("api: siem", "api: siems") + OUTPUT,
    expected: '2:3 source.api: expected one of siem, alerts, graph, incidents, got "siems"',
  },
  {
    name: "bad tenant id",
    yaml: SOURCE.replace("11111111-2222-3333-4444-555555555555", "not a tenant") + OUTPUT,
    expected:
      '3:3 source.tenantId: expected a tenant ID (a GUID) or a tenant domain such as contoso.onmicrosoft.com, got "not a tenant"',
  },
  {
    name: "wrong type for client id",
    yaml: SOURCE.replace("66666666-7777-8888-9999-000000000000", "[a, b]") + OUTPUT,
    expected: "4:3 source.clientId: expected a string",
  },
  {
    name: "unknown top-level key",
    yaml: SOURCE + OUTPUT + "shedule: '* * * * *'\n",
    expected: '10:1 shedule: unknown key (did you mean "schedule"?)',
  },
  {
    name: "unknown nested key",
    yaml: SOURCE + OUTPUT + "  prot: 514\n",
    expected: '10:3 output.prot: unknown key (did you mean "port"?)',
  },
  {
    name: "port not a number",
    yaml: SOURCE + OUTPUT + "  port: 5l4\n",
    expected: '10:3 output.port: expected an integer from 1 to 65535, got "5l4"',
  },
  {
    name: "port out of range",
    yaml: SOURCE + OUTPUT + "  port: 70000\n",
    expected: "10:3 output.port: expected an integer from 1 to 65535, got 70000",
  },
  {
    name: "bad duration",
    yaml: SOURCE + "  lookback: 2 hours\n" + OUTPUT,
    expected: '7:3 source.lookback: expected an ISO 8601 duration such as PT10M or PT2H, got "2 hours"',
  },
  {
    name: "duration out of bounds",
    yaml: SOURCE + "  overlap: P2D\n" + OUTPUT,
    expected: '7:3 source.overlap: expected a duration from PT0S to P1D, got "P2D"',
  },
  {
    name: "window not longer than overlap",
    yaml: SOURCE + "  overlap: PT30M\n  maxWindow: PT30M\n" + OUTPUT,
    expected:
      "8:3 source.maxWindow: must be longer than source.overlap (PT30M), or catch-up windows never move past the checkpoint",
  },
  {
    name: "bad cron expression",
    yaml: SOURCE + OUTPUT + "schedule: '61 * * * *'\n",
    expected: '10:1 schedule: expected a cron expression such as "*/1 * * * *", got "61 * * * *"',
  },
  {
    name: "missing environment variable",
    yaml: SOURCE.replace("MDE_CLIENT_SECRET", "MDE_SECRET_TYPO") + OUTPUT,
    expected:
      "5:3 source.clientSecret: environment variable MDE_SECRET_TYPO is not set (set it, or write ${MDE_SECRET_TYPO:-default})",
  },
  {
    name: "empty secret from the environment",
    yaml: SOURCE + OUTPUT,
    env: { MDE_CLIENT_SECRET: "" },
    expected: "5:3 source.clientSecret: expected the client secret, got an empty value",
  },
  {
    name: "unreadable secret file",
    yaml: SOURCE.replace("clientSecret: ${MDE_CLIENT_SECRET}", "clientSecretFile: ./no-such-secret") + OUTPUT,
    expected: "5:3 source.clientSecretFile: cannot read DIR/no-such-secret (ENOENT)",
  },
  {
    name: "two credentials",
    yaml: SOURCE + "  clientSecretFile: /run/secret\n" + OUTPUT,
    expected: "7:3 source.clientSecretFile: conflicts with source.clientSecret: set only one credential",
  },
  {
    name: "no credential",
    yaml: SOURCE.replace("  clientSecret: ${MDE_CLIENT_SECRET}\n", "") + OUTPUT,
    expected: "1:1 source: no credential: set one of clientSecret, clientSecretFile or certificate",
  },
  {
    name: "resource and scope together",
    yaml: SOURCE + "  resource: https://graph.windows.net\n  scope: https://graph.microsoft.com/.default\n" + OUTPUT,
    expected:
      "8:3 source.scope: conflicts with source.resource: set resource (v1 token endpoint) or scope (v2), not both",
  },
  {
    name: "invalid YAML syntax",
    yaml: SOURCE + "output:\n  transport: tcp\n   host: 127.0.0.1\n",
    expected: "8:14 invalid YAML: Nested mappings are not allowed in compact mappings",
  },
  {
    name: "duplicate key",
    yaml: SOURCE + OUTPUT + "  host: 127.0.0.2\n",
    expected: "10:3 output.host: given twice (first at line 9): keep one, with the settings you need from both",
  },
  {
    name: "a second source section pasted in (the simulator's)",
    yaml: SOURCE + OUTPUT + "source:\n  api: siem\n",
    expected: "10:1 source: given twice (first at line 1): keep one, with the settings you need from both",
  },
  {
    name: "a stream key RELP does without",
    yaml: SOURCE + OUTPUT.replace("transport: tcp", "transport: relp") + "  framing: lf\n",
    expected: "10:3 output.framing: only for transport tcp or tls, not relp (RELP frames every message itself)",
  },
  {
    name: "tls settings without tls",
    yaml: SOURCE + OUTPUT + "  tls:\n    ca: ./ca.pem\n",
    expected: "10:3 output.tls: only for transport tls or relp, not tcp",
  },
  {
    name: "client certificate without key",
    yaml: SOURCE + OUTPUT.replace("tcp", "tls") + "  tls:\n    cert: ./client.pem\n",
    expected: "10:3 output.tls.key: a client certificate needs both tls.cert and tls.key",
  },
  {
    name: "missing TLS CA file",
    yaml: SOURCE + OUTPUT.replace("tcp", "tls") + "  tls:\n    ca: ./missing-ca.pem\n",
    expected: "11:5 output.tls.ca: cannot read DIR/missing-ca.pem (ENOENT)",
  },
  {
    name: "region unknown for the SIEM API",
    yaml: SOURCE.replace("region: eu", "region: fr") + OUTPUT,
    expected: '6:3 source.region: expected one of eu, us, uk for api siem in cloud commercial, got "fr"',
  },
  {
    name: "region for a government cloud",
    yaml: SOURCE.replace("region: eu", "region: eu\n  cloud: gcc-high") + OUTPUT,
    expected: '6:3 source.region: expected one of us for api siem in cloud gcc-high, got "eu"',
  },
  {
    name: "region with Graph",
    yaml: SOURCE.replace("api: siem", "api: graph") + OUTPUT,
    expected: "6:3 source.region: only for api siem or alerts, not graph (Graph has no regional hosts)",
  },
  {
    name: "SIEM API without region",
    yaml: SOURCE.replace("  region: eu\n", "") + OUTPUT,
    expected: "1:1 source.region: missing; the SIEM API needs its region: eu, us or uk (or set source.url)",
  },
  {
    name: "query for another API",
    yaml: SOURCE.replace("api: siem", "api: alerts").replace("region: eu", "query:\n    machineGroups: [A]") + OUTPUT,
    expected: "7:5 source.query.machineGroups: only for api siem, not alerts",
  },
  {
    name: "query key of another API",
    yaml: SOURCE + "  query:\n    severity: [High]\n" + OUTPUT,
    expected: "8:5 source.query.severity: only for api alerts, graph or incidents, not siem",
  },
  {
    name: "misspelt query key",
    yaml: SOURCE.replace("api: siem", "api: alerts") + "  query:\n    severty: High\n" + OUTPUT,
    expected: '8:5 source.query.severty: unknown key (did you mean "severity"?)',
  },
  {
    name: "unknown Alerts API severity",
    yaml: SOURCE.replace("api: siem", "api: alerts") + "  query:\n    severity: [High, Critical]\n" + OUTPUT,
    expected:
      '8:22 source.query.severity[1]: expected one of UnSpecified, Informational, Low, Medium, High for api alerts, got "Critical"',
  },
  {
    name: "serviceSource with the Alerts API",
    yaml: SOURCE.replace("api: siem", "api: alerts") + "  query:\n    serviceSource: all\n" + OUTPUT,
    expected: "8:5 source.query.serviceSource: only for api graph, not alerts",
  },
  {
    name: "all with other products",
    yaml: GRAPH + "  query:\n    serviceSource: [all, microsoftDefenderForEndpoint]\n" + OUTPUT,
    expected: "7:5 source.query.serviceSource: all means every product: write it alone, or list the products",
  },
  {
    name: "page larger than 10000",
    yaml: GRAPH + "  pageSize: 20000\n" + OUTPUT,
    expected: "6:3 source.pageSize: expected an integer from 1 to 10000, got 20000",
  },
  {
    name: "messagePer with the SIEM API",
    yaml: SOURCE + "  messagePer: evidence\n" + OUTPUT,
    expected:
      "7:3 source.messagePer: only for api alerts, graph or incidents, not siem (SIEM API responses are not paged, one record per indicator)",
  },
  {
    name: "evidence messages without evidence",
    yaml:
      SOURCE.replace("api: siem", "api: alerts") +
      "  messagePer: evidence\n  query:\n    expandEvidence: false\n" +
      OUTPUT,
    expected: "7:3 source.messagePer: evidence needs the evidence: remove source.query.expandEvidence: false",
  },
  {
    name: "network transport without host",
    yaml: SOURCE + "output:\n  transport: udp\n",
    expected: "7:1 output.host: missing; transport udp needs the receiver's host",
  },
  {
    name: "path without file transport",
    yaml: SOURCE + OUTPUT + "  path: ./out.log\n",
    expected: "10:3 output.path: only for transport file, not tcp",
  },
  {
    name: "framing for UDP",
    yaml: SOURCE + OUTPUT.replace("tcp", "udp") + "  framing: octet-counting\n",
    expected: "10:3 output.framing: only for transport tcp or tls, not udp",
  },
  {
    name: "UDP message larger than a datagram",
    yaml: SOURCE + OUTPUT.replace("tcp", "udp") + "  maxMessageBytes: 70000\n",
    expected: "10:3 output.maxMessageBytes: expected at most 65507 for udp (the largest IPv4 datagram), got 70000",
  },
  {
    name: "unknown facility",
    yaml: SOURCE + OUTPUT + "  facility: local9\n",
    expected:
      '10:3 output.facility: expected a facility name (local0, local1, local2, local3, local4, local5, local6, local7, user, daemon…) or a number from 0 to 23, got "local9"',
  },
  {
    name: "health beyond loopback",
    yaml: SOURCE + OUTPUT + "health:\n  listen: 0.0.0.0:9780\n",
    expected:
      "11:3 health.listen: 0.0.0.0 is beyond loopback: set health.allowRemote: true to expose health and metrics",
  },
  {
    name: "unknown log level",
    yaml: SOURCE + OUTPUT + "log:\n  level: verbose\n",
    expected: '11:3 log.level: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
  },
  {
    name: "boolean expected",
    yaml: SOURCE + OUTPUT + "health:\n  allowRemote: sometimes\n",
    expected: '11:3 health.allowRemote: expected true or false, got "sometimes"',
  },
];

describe("bad configurations", () => {
  const dir = tempDir();

  it.each(cases)("$name", async ({ name, yaml, env, expected }) => {
    const file = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(file, yaml);
    const result = await runCli(["check", "-c", file], env ?? ENV);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`${file}:${expected.replaceAll("DIR", dir)}\n`);
    expect(result.stderr).not.toContain(SECRET);
  });

  it("covers at least 25 distinct cases", () => {
    expect(new Set(cases.map((c) => c.expected)).size).toBeGreaterThanOrEqual(25);
  });

  it("reports every problem of a file, one line each, in file order", async () => {
    const file = join(dir, "several.yaml");
    writeFileSync(file, SOURCE.replace("api: siem", "api: nope") + OUTPUT + "  port: 0\n  colour: blue\n");
    const { code, stderr } = await runCli(["check", "-c", file], ENV);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toEqual([
      `${file}:2:3 source.api: expected one of siem, alerts, graph, incidents, got "nope"`,
      `${file}:10:3 output.port: expected an integer from 1 to 65535, got 0`,
      `${file}:11:3 output.colour: unknown key`,
    ]);
  });

  it("names an unreadable configuration file", async () => {
    const { code, stderr } = await runCli(["check", "-c", join(dir, "absent.yaml")], ENV);
    expect(code).toBe(2);
    expect(stderr).toBe(`${join(dir, "absent.yaml")}: cannot read the file (ENOENT)\n`);
  });
});
