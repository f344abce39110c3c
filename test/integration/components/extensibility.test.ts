/**
 * A component is one folder plus one registry line. Checked the way a contributor would add one: in a copy of the
 * repository, the UDP transport's folder, the CEF format's folder and the SIEM source's folder are copied under new
 * names with only `name` changed, each registry gets one import and one entry, and nothing else is edited. The copy
 * must build, pass `check` and deliver records from the simulated tenant through the new source, the new format and
 * the new transport to a real UDP receiver.
 */
import { execFile } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { tempDir } from "../../support/temp.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MIN = 60_000;

/** Copies `family/from` to `family/to`, renames it, and adds its import and entry to the family's registry. */
function addCopy(src: string, family: string, from: string, to: string, identifier: string): void {
  cpSync(join(src, family, from), join(src, family, to), { recursive: true });
  const index = join(src, family, to, "index.ts");
  const text = readFileSync(index, "utf8");
  expect(text).toContain(`name: "${from}",`);
  writeFileSync(index, text.replace(`name: "${from}",`, `name: "${to}",`));
  const registry = join(src, family, "registry.ts");
  const lines = readFileSync(registry, "utf8").split("\n");
  const entry = lines.findIndex((l) => /^export const \w+ = \[/.test(l));
  expect(entry).toBeGreaterThan(0);
  lines[entry] = lines[entry]!.replace("] as const;", `, ${identifier}] as const;`);
  lines.splice(entry - 1, 0, `import ${identifier} from "./${to}/index.js";`);
  writeFileSync(registry, lines.join("\n"));
}

describe("a copied component folder plus its registry line", () => {
  let dir: string;
  let sim: Simulator;
  let receiver: Socket;
  const datagrams: string[] = [];

  beforeAll(async () => {
    dir = tempDir();
    for (const item of ["src", "mappings", "package.json", "tsconfig.json", "tsconfig.build.json"])
      cpSync(join(ROOT, item), join(dir, item), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    addCopy(join(dir, "src"), "transports", "udp", "udp-copy", "udpCopy");
    addCopy(join(dir, "src"), "formats", "cef", "cef-copy", "cefCopy");
    addCopy(join(dir, "src"), "sources", "siem", "siem-copy", "siemCopy");
    await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
      cwd: dir,
    });
    sim = await startSimulator({ ratePerMinute: 0 });
    receiver = createSocket("udp4");
    receiver.on("message", (m) => datagrams.push(m.toString()));
    await new Promise<void>((resolve) => receiver.bind(0, "127.0.0.1", resolve));
  }, 240_000);

  afterAll(async () => {
    receiver?.close();
    await sim?.close();
  });

  /** A configuration reading `api` through `mapping`, sending to the receiver through the copied transport. */
  function configFile(name: string, api: string, mapping: string): string {
    const config = join(dir, `${name}.yaml`);
    writeFileSync(
      config,
      `${sim.configSnippet("siem").replace("api: siem", `api: ${api}`)}
mapping: ${JSON.stringify(mapping)}
output:
  transport: udp-copy
  host: 127.0.0.1
  port: ${receiver.address().port}
  header: none
state:
  dir: ${JSON.stringify(join(dir, "state"))}
health:
  listen: off
`,
    );
    return config;
  }
  const cli = (...args: string[]) => run(process.execPath, [join(dir, "dist/cli.js"), ...args]);

  /** Adds records `fromMin` to `toMin` minutes ago, runs `once` over them, and waits for their datagrams. */
  async function deliver(config: string, fromMin: number, toMin: number): Promise<string[]> {
    datagrams.length = 0;
    const now = Date.now();
    const expected = sim.tenant.addRecords(5, now - fromMin * MIN, now - toMin * MIN).length;
    await cli("once", "-c", config, "--since", `PT${fromMin + 1}M`, "--until", `PT${toMin - 1}M`);
    for (let i = 0; i < 100 && datagrams.length < expected; i++) await new Promise((r) => setTimeout(r, 50));
    expect(datagrams.length).toBeGreaterThanOrEqual(expected);
    return datagrams;
  }

  it("builds, passes check and delivers through the new transport and format", async () => {
    const mapping = join(dir, "copy.yaml");
    const cef = readFileSync(join(ROOT, "mappings/siem-cef.yaml"), "utf8");
    expect(cef).toMatch(/^format: cef$/m);
    writeFileSync(mapping, cef.replace(/^format: cef$/m, "format: cef-copy"));
    const config = configFile("config", "siem", mapping);
    const check = await cli("check", "-c", config);
    expect(check.stdout).toContain("configuration is valid");
    expect(check.stdout).toContain(`output    udp-copy 127.0.0.1:${receiver.address().port}`);
    expect(check.stdout).toContain("mapping is valid (cef-copy, source siem)");

    for (const d of await deliver(config, 30, 25)) expect(decodeCef(d).vendor).toBe("Microsoft");
  });

  it("builds, passes check and delivers through the new source", async () => {
    const mapping = join(dir, "source-copy.yaml");
    const cef = readFileSync(join(ROOT, "mappings/siem-cef.yaml"), "utf8");
    expect(cef).toMatch(/^source: siem$/m);
    writeFileSync(mapping, cef.replace(/^source: siem$/m, "source: siem-copy"));
    const config = configFile("source-copy-config", "siem-copy", mapping);

    const check = await cli("check", "-c", config);
    expect(check.stdout).toContain("configuration is valid");
    expect(check.stdout).toContain("source    siem-copy API");
    expect(check.stdout).toContain("mapping is valid (cef, source siem-copy)");

    for (const d of await deliver(config, 20, 15)) expect(decodeCef(d).vendor).toBe("Microsoft");
    expect(readdirSync(join(dir, "state")).some((f) => f.startsWith("siem-copy-"))).toBe(true);
  });
});
