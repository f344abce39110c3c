/**
 * The state file is replaced through a fresh, exclusively created temporary file that no planted link can redirect,
 * and a state directory other users could write, or do own, is refused at start.
 */
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateStore } from "../../../src/state/store.js";
import { tempDir } from "../../support/temp.js";

const KEY = { api: "siem", tenantId: "11111111-2222-3333-4444-555555555555" };
const STATE = { checkpoint: Date.parse("2024-05-01T12:00:00Z"), delivered: new Map([["a", 1]]) };

describe("state files", () => {
  it("a symlink planted where the temporary file used to go is not followed: its target stays as it was", async () => {
    const dir = tempDir();
    const victim = join(tempDir(), "victim");
    writeFileSync(victim, "precious\n");
    const store = await StateStore.open(dir, KEY);
    symlinkSync(victim, `${store.file}.tmp`);
    await store.save(STATE);
    await store.close();
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(JSON.parse(readFileSync(store.file, "utf8"))).toMatchObject({ checkpoint: "2024-05-01T12:00:00.000Z" });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([`${basename(store.file)}.tmp`]);
  });

  it.each([0o770, 0o777, 0o1777])("a state directory with mode %s is refused with a clear error", async (mode) => {
    const dir = join(tempDir(), "state");
    mkdirSync(dir);
    chmodSync(dir, mode);
    await expect(StateStore.open(dir, KEY)).rejects.toMatchObject({
      code: "E_STATE_DIR_UNSAFE",
      message: expect.stringMatching(
        /^the state directory .* is writable by (others|its group) \(mode \d+\)/,
      ) as unknown,
    });
  });

  it.runIf(process.getuid?.() === 0)("(as root) a state directory owned by another user is refused", async () => {
    const dir = join(tempDir(), "state");
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 65534, 65534);
    await expect(StateStore.open(dir, KEY)).rejects.toMatchObject({
      code: "E_STATE_DIR_UNSAFE",
      message: expect.stringContaining("is owned by user 65534") as unknown,
    });
  });
});
