import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateStore } from "../../../src/state/store.js";
import { tempDir } from "../../support/temp.js";

const key = { api: "siem", tenantId: "11111111-2222-3333-4444-555555555555" };
const state = { checkpoint: Date.UTC(2026, 0, 1), delivered: new Map([["alert:ioc", Date.UTC(2026, 0, 1, 0, 5)]]) };

describe("StateStore", () => {
  it("starts empty, saves atomically with mode 0600, and loads back what it saved", async () => {
    const dir = tempDir();
    const store = await StateStore.open(dir, key);
    expect(await store.load()).toEqual({ delivered: new Map() });
    await store.save(state);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(store.file, "utf8"))).toMatchObject({
      version: 1,
      checkpoint: "2026-01-01T00:00:00.000Z",
    });
    expect(await store.load()).toEqual(state);
    await store.close();
  });

  it("writes each save's own identities and times, however many saves came before", async () => {
    const dir = tempDir();
    const store = await StateStore.open(dir, key);
    const t = (minute: number) => Date.UTC(2026, 0, 1, 0, minute, 0, minute);
    for (let save = 0; save < 50; save++) {
      const delivered = new Map(Array.from({ length: 40 }, (_, i) => [`id-${save + i}`, t(save + i)] as const));
      await store.save({ checkpoint: t(save + 40), delivered });
      expect(await store.load()).toEqual({ checkpoint: t(save + 40), delivered });
    }
    await store.close();
  });

  it("refuses a second forwarder on the same state, and takes over a dead one's lock", async () => {
    const dir = tempDir();
    const first = await StateStore.open(dir, key);
    await expect(StateStore.open(dir, key)).rejects.toMatchObject({ code: "E_STATE_LOCKED" });
    await first.close();
    writeFileSync(join(dir, `siem-${key.tenantId}.lock`), "999999999\n");
    const second = await StateStore.open(dir, key);
    await second.close();
  });

  it("stops on a corrupt state file instead of starting over", async () => {
    const dir = tempDir();
    const store = await StateStore.open(dir, key);
    writeFileSync(store.file, "{not json");
    await expect(store.load()).rejects.toMatchObject({
      code: "E_STATE_CORRUPT",
      message: expect.stringContaining("is unusable (not JSON)"),
    });
    writeFileSync(
      store.file,
      JSON.stringify({ version: 1, api: "graph", tenantId: key.tenantId, checkpoint: null, delivered: [] }),
    );
    await expect(store.load()).rejects.toMatchObject({ code: "E_STATE_CORRUPT" });
    await store.close();
  });

  it("reports a failed write and keeps the old state (works as root too)", async () => {
    const dir = tempDir();
    const store = await StateStore.open(dir, key);
    await store.save(state);
    // The replacement cannot be renamed over a directory (whoever runs the test); the old file is kept aside.
    const saved = readFileSync(store.file);
    rmSync(store.file);
    mkdirSync(join(store.file, "in-the-way"), { recursive: true });
    await expect(store.save({ ...state, checkpoint: Date.UTC(2026, 0, 2) })).rejects.toMatchObject({
      code: "E_STATE_WRITE",
      message: expect.stringContaining("the checkpoint was not advanced"),
    });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    rmSync(store.file, { recursive: true });
    writeFileSync(store.file, saved);
    expect(await store.load()).toEqual(state);
    await store.close();
  });

  it.skipIf(process.getuid?.() === 0)("reports a read-only state directory and keeps the old state", async () => {
    const dir = tempDir();
    const store = await StateStore.open(dir, key);
    await store.save(state);
    chmodSync(dir, 0o500);
    await expect(store.save({ ...state, checkpoint: Date.UTC(2026, 0, 2) })).rejects.toMatchObject({
      code: "E_STATE_WRITE",
    });
    chmodSync(dir, 0o700);
    expect(await store.load()).toEqual(state);
    await store.close();
  });
});
