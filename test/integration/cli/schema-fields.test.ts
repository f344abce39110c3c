/**
 * A security engineer's own mapping of fields Microsoft's Graph schema has and the hand-written catalogue refused:
 * `check` accepts it (with a serviceSource filter naming a newer product), and `preview` of the simulated tenant's
 * alerts renders each value as the alert holds it.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePath, parsePath, type Step } from "../../../src/mapping/field-path.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSource } from "../../../src/sources/registry.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { modernConfigFor, sourceDeps, testDeps } from "../../support/source-setup.js";

const CLI = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
const NOW = Date.parse("2024-05-01T12:00:00Z");
const DEVICE = "evidence[@odata.type=#microsoft.graph.security.deviceEvidence]";
const FILE = "evidence[@odata.type=#microsoft.graph.security.fileEvidence]";

/** A value as the mapping renders it: lists joined with commas, objects as compact JSON, nothing for null. */
function rendered(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return (v as string[]).join(",") || undefined;
  if (typeof v === "object") return JSON.stringify(v);
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** CEF key → the Graph field it reads. */
const FIELDS: Record<string, string> = {
  ProductName: "productName",
  TenantId: "tenantId",
  AdditionalData: "additionalData",
  DetectionFrom: "additionalData.detectionSource",
  CustomDetails: "customDetails",
  CustomOwner: "customDetails.Owner",
  AlertPolicyId: "alertPolicyId",
  DnsDomain: `${DEVICE}.dnsDomain`,
  HostName: `${DEVICE}.hostName`,
  LastIpAddress: `${DEVICE}.lastIpAddress`,
  DeviceRoles: `${DEVICE}.detailedRoles`,
  Md5Digest: `${FILE}.fileDetails.md5`,
};

const MAPPING = `format: cef
source: graph
header:
  vendor: Microsoft
  product: Microsoft Defender
  version: "1.0"
  signatureId: { field: detectorId, default: "{{category}}" }
  name: title
  severity: { field: severity, map: { informational: 1, low: 3, medium: 5, high: 8 }, default: Unknown }
fields:
  externalId: id
${Object.entries(FIELDS)
  .map(([key, path]) => `  ${key}: { field: "${path}"${key === "DeviceRoles" ? ", type: join" : ""} }`)
  .join("\n")}
`;

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, ratePerMinute: 1, historyMs: 6 * 3_600_000, seed: 4, rateLimits: false });
  dir = await mkdtemp(join(tmpdir(), "schema-fields-"));
  await writeFile(join(dir, "mapping.yaml"), MAPPING);
});
afterAll(() => sim.close());

describe("a mapping of the fields in Microsoft's Graph schema", () => {
  it("passes check, with a serviceSource filter that names microsoftSentinel", async () => {
    const config = `source:
  api: graph
  tenantId: contoso.onmicrosoft.com
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
  query:
    serviceSource: [microsoftDefenderForEndpoint, microsoftSentinel]
mapping: mapping.yaml
output:
  transport: tcp
  host: siem.example.com
`;
    await writeFile(join(dir, "config.yaml"), config);
    const { stdout, stderr } = await run(["check", "-c", join(dir, "config.yaml")], { MDE_CLIENT_SECRET: "s3cret" });
    expect(stderr).toBe("");
    expect(stdout).toContain("configuration is valid");
    expect(stdout).toContain("mapping is valid (cef, source graph)");
    expect(stdout).not.toContain("warning");
  });

  it("renders each value in preview as the simulated tenant's alerts hold it", async () => {
    const config = modernConfigFor(sim, "graph");
    const fetched = await createSource(config, sourceDeps(config, testDeps(sim))).fetch({
      since: new Date(NOW - 6 * 3_600_000),
      until: new Date(NOW),
    });
    const records = fetched.map((r) => r.record);
    const file = join(dir, "graph.json");
    await writeFile(file, JSON.stringify({ value: records }));
    const { stdout, stderr } = await run(["preview", "-m", join(dir, "mapping.yaml"), file]);
    expect(stderr).toBe("");
    const decoded = stdout
      .split("\n")
      .slice(0, -1)
      .map((l) => decodeCef(l).extension);
    expect(decoded.map((d) => d.externalId)).toEqual(records.map((r) => r.id));
    for (const [key, path] of Object.entries(FIELDS)) {
      const get = compilePath(parsePath(path) as Step[]);
      const expected = records.map((r) => rendered(get(r)));
      expect(expected.filter((v) => v !== undefined).length, `${path} in some alert`).toBeGreaterThan(0);
      expect(
        decoded.map((d) => d[key]),
        key,
      ).toEqual(expected);
    }
  });
});
