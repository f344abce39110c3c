/** The shipped units must load in systemd as they are, and stay hardened (systemd-analyze, Debian package systemd). */
import { execFile } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../support/temp.js";

const run = promisify(execFile);
const unitDir = fileURLToPath(new URL("../../../systemd/", import.meta.url));

// systemd-analyze (Debian package systemd) is installed by npm test's first step. test/package boots the units.
describe("systemd units", () => {
  const dir = tempDir();
  const units = {
    "mde-forwarder.service": "mde-forwarder.service",
    "mde-forwarder@.service": "mde-forwarder@tenant1.service",
  };
  for (const [source, target] of Object.entries(units)) copyFileSync(join(unitDir, source), join(dir, target));

  it.each(Object.values(units))("%s passes systemd-analyze verify", async (unit) => {
    // It fails on the missing program alone (exit 1), so the lines are what counts.
    const { stderr } = await run("systemd-analyze", ["verify", join(dir, unit)]).catch(
      (err: { stderr: string }) => err,
    );
    // The program itself is not installed here (test/package checks the units where it is).
    const problems = stderr.split("\n").filter((l) => l.includes(unit) && !l.includes("/usr/bin/mde-forwarder"));
    expect(problems).toEqual([]);
  });

  it.each(Object.values(units))("%s has a low exposure score", async (unit) => {
    const { stdout } = await run("systemd-analyze", ["security", "--offline=true", join(dir, unit)]);
    const score = Number(/Overall exposure level for .*: (\d+\.\d+)/.exec(stdout)?.[1]);
    expect(score).toBeLessThanOrEqual(2);
  });
});
