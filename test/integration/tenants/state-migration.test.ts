/**
 * The single-tenant state across the upgrade: a state file as the release before `tenants:` wrote it keeps working
 * without `tenants:` (nothing sent again), and moving the configuration to `tenants:` takes it over.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { siemRecords } from "../../../src/simulator/index.js";
import { runBuiltCli } from "../../support/cli-process.js";
import { fullIds, useTenantAndReceiver, writeForwarderConfig } from "../../support/forwarder-setup.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
const shared = useTenantAndReceiver();

async function arrived(): Promise<string[]> {
  const text = await shared.rsyslog.read("tcp");
  return fullIds(text ? text.replace(/\n$/, "").split("\n") : []);
}

describe("the single-tenant state after the upgrade", () => {
  it("is read as before, then taken over by tenants:, and nothing is sent again", async () => {
    const { sim, rsyslog } = shared;
    const stateDir = tempDir();
    const now = sim.clock.now();
    const old = sim.tenant.addRecords(30, now - 40 * MIN, now - 20 * MIN).flatMap((a) => siemRecords(a));
    const oldIds = old.map((r) => String(r.FullId));
    // The state file the release before tenants: wrote, word for word: delivered up to 10 minutes ago.
    const file = join(stateDir, `siem-${sim.tenantId}.json`);
    const checkpoint = new Date(now - 10 * MIN).toISOString();
    writeFileSync(
      file,
      JSON.stringify({ version: 1, api: "siem", tenantId: sim.tenantId, checkpoint, delivered: [] }),
      { mode: 0o600 },
    );
    const before = (await arrived()).length;
    const fresh = sim.tenant.addRecords(5, now - 5 * MIN, now - MIN).flatMap((a) => siemRecords(a));
    const config = writeForwarderConfig({ sim, rsyslog, stateDir });

    const single = await runBuiltCli(["once", "-c", config]);
    expect(single.code, single.stderr).toBe(0);
    const afterSingle = (await arrived()).slice(before);
    expect(afterSingle.sort()).toEqual(fresh.map((r) => String(r.FullId)).sort());
    expect(afterSingle.filter((id) => oldIds.includes(id))).toEqual([]);
    const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(Object.keys(saved).sort()).toEqual(["api", "checkpoint", "delivered", "tenantId", "version"]);

    // The same tenant moved to tenants: takes the file over: again nothing is sent twice.
    const text = readFileSync(config, "utf8");
    const tenantKeys = /^ {2}tenantId: .*$/m.exec(text)![0];
    writeFileSync(
      config,
      text
        .replace(`${tenantKeys}\n`, "")
        .replace(/^schedule:/m, `tenants:\n  - name: contoso\n  ${tenantKeys}\nschedule:`),
    );
    const newer = sim.tenant.addRecords(3, now - 3 * MIN, now - MIN).flatMap((a) => siemRecords(a));
    const multi = await runBuiltCli(["once", "-c", config]);
    expect(multi.code, multi.stderr).toBe(0);
    const afterMulti = (await arrived()).slice(before + afterSingle.length);
    expect(afterMulti.sort()).toEqual(newer.map((r) => String(r.FullId)).sort());
    expect(existsSync(file)).toBe(false);
    const moved = join(stateDir, `contoso.siem-${sim.tenantId}.json`);
    expect(JSON.parse(readFileSync(moved, "utf8"))).toMatchObject({ api: "siem", tenant: "contoso" });
    expect(multi.stdout).toContain("single-tenant state taken over");
  });
});
