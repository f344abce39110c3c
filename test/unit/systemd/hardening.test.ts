/**
 * The shipped units (systemd/, installed as they are by the .deb and the tarball) keep every directive that
 * docs/security.md and docs/operations.md promise. test/integration/systemd checks that systemd accepts them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const UNITS = ["mde-forwarder.service", "mde-forwarder@.service"];

/** `[Service]`'s settings: each key with every value given to it, in order (a key may be repeated). */
function serviceSection(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1]!;
    else if (section === "Service") {
      const eq = line.indexOf("=");
      const key = line.slice(0, eq).trim();
      settings.set(key, [...(settings.get(key) ?? []), line.slice(eq + 1).trim()]);
    }
  }
  return settings;
}

/** The directives and the values promised for both units. */
const PROMISED: Record<string, string[]> = {
  // docs/security.md: whatever a hostile API sends, the host's memory is not exhausted.
  MemoryMax: ["1G"],
  // docs/operations.md, "The hardening, and why each line is there".
  DynamicUser: ["yes"],
  CapabilityBoundingSet: [""],
  AmbientCapabilities: [""],
  NoNewPrivileges: ["yes"],
  ProtectSystem: ["strict"],
  ProtectHome: ["yes"],
  PrivateTmp: ["yes"],
  PrivateDevices: ["yes"],
  RestrictAddressFamilies: ["AF_INET AF_INET6 AF_UNIX"],
  SystemCallFilter: ["@system-service", "~@privileged"],
  UMask: ["0077"],
  StateDirectoryMode: ["0700"],
  Restart: ["on-failure"],
  RestartSec: ["10s"],
  RestartPreventExitStatus: ["2"],
};

describe.each(UNITS)("systemd/%s", (unit) => {
  const settings = serviceSection(readFileSync(new URL(`../../../systemd/${unit}`, import.meta.url), "utf8"));

  it.each(Object.entries(PROMISED))("keeps %s=%j", (key, values) => {
    expect(settings.get(key)).toEqual(values);
  });

  it("takes the client secret from a systemd credential, never from the environment", () => {
    expect(settings.get("LoadCredential")?.[0]).toMatch(/^client-secret:\/etc\/mde-forwarder\//);
    expect(settings.get("Environment")).toEqual(["NODE_ENV=production"]);
  });

  it("leaves MemoryDenyWriteExecute off (V8's JIT needs it) and sets no other memory limit", () => {
    expect(settings.has("MemoryDenyWriteExecute")).toBe(false);
    expect([...settings.keys()].filter((k) => k.startsWith("Memory"))).toEqual(["MemoryMax"]);
  });
});
