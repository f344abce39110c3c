/**
 * The .deb as an operator gets it: built by scripts/package.sh, installed with dpkg in a clean Debian 12 root and
 * started there by a real systemd (systemd-nspawn --boot). The container shares this host's loopback, so the simulated
 * tenant and the receivers of this process are reachable. A oneshot probe unit in the root records what systemd shows
 * into a bind-mounted folder, step by step as this test allows it (files in that folder), then powers off.
 * systemd-nspawn needs root: run by another user, these tests are skipped, and npm test says so at its start.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siemRecords, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { boot, cachedRoot, copyRoot, inRoot, properties, run } from "../support/debian-root.js";
import { freeTcpPort } from "../support/ports.js";
import { tempDir } from "../support/temp.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
const previous = `${version}~previous`;
const SECRET = "pkg-test-Secret/+=%41-c5c2b0d8";
const CLIENT_ID = "5e0c1f0e-3f6b-4c1e-9d7e-2b1f6a7c8d90";
const MB = 1024 * 1024;
const IS_ROOT = process.getuid?.() === 0;

const work = tempDir("mdefwd-package-");
const deb = join(work, "current", `mde-forwarder_${version}_amd64.deb`);
const oldDeb = join(work, "previous", `mde-forwarder_${previous}_amd64.deb`);
const tarball = join(work, "current", `mde-forwarder-${version}-linux-x64.tar.gz`);
let base: string;
const timings: Record<string, number> = {};

beforeAll(async () => {
  if (!IS_ROOT) return;
  const started = Date.now();
  await run(join(repo, "scripts/package.sh"), ["--out", join(work, "current")]);
  // The previous package: the same files under a lower version (dpkg sorts ~ first), repacked rather than rebuilt.
  const unpacked = join(work, "unpacked");
  await run("dpkg-deb", ["-R", deb, unpacked]);
  const control = join(unpacked, "DEBIAN/control");
  writeFileSync(control, readFileSync(control, "utf8").replace(/^Version: .*$/m, `Version: ${previous}`));
  mkdirSync(join(oldDeb, ".."));
  await run("dpkg-deb", ["--root-owner-group", "-Zgzip", "-z1", "--build", unpacked, oldDeb]);
  timings.packagesMs = Date.now() - started;
  const cached = await cachedRoot();
  base = cached.root;
  if (cached.madeInMs !== undefined) timings.mmdebstrapMs = cached.madeInMs;
}, 900_000);

afterAll(async () => {
  console.log(`package test timings: ${JSON.stringify(timings)}`);
  // Three Debian roots: removed without blocking the worker (tempDir's own removal is synchronous).
  await rm(work, { recursive: true, force: true });
});

/** A TCP receiver that keeps every line; `ids()` are the records' FullIds (flexString2 of builtin:siem-cef). */
class Receiver {
  lines: string[] = [];
  private server: Server = createServer((socket) => {
    let rest = "";
    socket.on("data", (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split("\n");
      rest = parts.pop() ?? "";
      this.lines.push(...parts);
    });
  });
  async listen(): Promise<number> {
    const port = await freeTcpPort();
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    return port;
  }
  ids(): string[] {
    const id = (line: string) => /flexString2=(\S+)/.exec(line)?.[1]?.replace(/\\(.)/g, "$1");
    return this.lines.map((line) => id(line) ?? `unmatched: ${line}`);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** FullIds of `count` new alerts' records, visible in the simulator from now. */
function addAlerts(sim: Simulator, count: number, agoMs: number): string[] {
  const now = Date.now();
  return sim.tenant
    .addRecords(count, now - agoMs, now - 1000)
    .flatMap((alert) => siemRecords(alert))
    .map((record) => String(record.FullId));
}

async function until(what: string, done: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sorted = (ids: readonly string[]) => [...ids].sort();

function configuration(sim: Simulator, receiverPort: number, healthPort: number, tenant = sim.tenantId): string {
  return [
    "source:",
    "  api: siem",
    `  tenantId: ${tenant}`,
    `  clientId: ${CLIENT_ID}`,
    "  clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret",
    `  url: ${sim.apiUrls.siem}`,
    `  tokenUrl: ${sim.tokenUrl}`,
    'schedule: "*/2 * * * * *"',
    "output:",
    "  transport: tcp",
    "  host: 127.0.0.1",
    `  port: ${receiverPort}`,
    "health:",
    `  listen: 127.0.0.1:${healthPort}`,
    "",
  ].join("\n");
}

/**
 * The probe: a shell script run by a oneshot unit after the forwarders started. `mark NAME` writes its input to
 * /out/NAME at once; `await NAME` waits for this test to write /out/NAME (at most three minutes).
 */
function installProbe(root: string, steps: string): void {
  const script = `#!/bin/sh
out=/out
mark() { cat >"$out/.$1" && mv "$out/.$1" "$out/$1"; }
await() { i=0; while [ ! -e "$out/$1" ] && [ $i -lt 900 ]; do sleep 0.2; i=$((i + 1)); done; }
show() {
  systemctl show "$1" -p MainPID,ActiveState,SubState,Result,ExecMainStatus,NRestarts,User,DynamicUser
  pid=$(systemctl show -P MainPID "$1")
  [ "$pid" = 0 ] || sed -n 's/^Uid:\\t\\([0-9]*\\).*/Uid=\\1/p' /proc/$pid/status
}
${steps}
journalctl -b -o cat --no-pager | mark journal
systemctl poweroff --no-block
`;
  writeFileSync(join(root, "usr/local/sbin/probe"), script);
  chmodSync(join(root, "usr/local/sbin/probe"), 0o755);
  writeFileSync(
    join(root, "etc/systemd/system/probe.service"),
    [
      "[Unit]",
      "After=mde-forwarder.service mde-forwarder@a.service mde-forwarder@b.service",
      "[Service]",
      "Type=oneshot",
      "TimeoutStartSec=infinity",
      "ExecStart=/usr/local/sbin/probe",
      "",
    ].join("\n"),
  );
  symlinkSync(
    "/etc/systemd/system/probe.service",
    join(root, "etc/systemd/system/multi-user.target.wants/probe.service"),
  );
}

/** Writes the operator's part: a configuration and its secret (0600 root, read by systemd for LoadCredential). */
function configure(root: string, name: string, config: string): void {
  writeFileSync(join(root, "etc/mde-forwarder", `${name}.yaml`), config);
  const secret = join(root, "etc/mde-forwarder", name === "config" ? "client-secret" : `${name}.secret`);
  writeFileSync(secret, `${SECRET}\n`, { mode: 0o600 });
}

const dpkgInstall = (root: string, pkg: string): Promise<string> =>
  inRoot(root, ["dpkg", "-i", `/pkg/${pkg.split("/").pop()}`], [`${join(pkg, "..")}:/pkg`]);

describe.skipIf(!IS_ROOT)("the tarball", () => {
  it("installs with its own script on a system without dpkg's help, and again over itself", async () => {
    const root = join(work, "root-tarball");
    await copyRoot(base, root);
    const install = `tar -xzf /pkg/${tarball.split("/").pop()} -C /root && /root/mde-forwarder-${version}-linux-x64/install.sh`;
    const binds = [`${join(tarball, "..")}:/pkg`];
    expect(await inRoot(root, ["sh", "-c", install], binds)).toContain(`installed mde-forwarder ${version}`);
    writeFileSync(join(root, "etc/mde-forwarder/config.yaml"), "# edited\n");
    await inRoot(root, ["sh", "-c", install], binds);
    expect(readFileSync(join(root, "etc/mde-forwarder/config.yaml"), "utf8")).toBe("# edited\n");
    expect((await inRoot(root, ["mde-forwarder", "--version"])).trim()).toBe(version);
    for (const unit of ["mde-forwarder.service", "mde-forwarder@.service"])
      expect(existsSync(join(root, "usr/lib/systemd/system", unit)), unit).toBe(true);
    for (const file of [
      "usr/share/man/man1/mde-forwarder.1.gz",
      "usr/share/man/man5/mde-forwarder.yaml.5.gz",
      "usr/share/bash-completion/completions/mde-forwarder",
    ])
      expect(existsSync(join(root, file)), file).toBe(true);
    const enabled = await inRoot(root, ["sh", "-c", "systemctl is-enabled mde-forwarder.service || true"]);
    expect(enabled.trim()).toBe("disabled");
    expect(statSync(join(root, "etc/mde-forwarder")).mode & 0o777).toBe(0o755);
    await inRoot(root, [`/root/mde-forwarder-${version}-linux-x64/install.sh`, "--uninstall"]);
    expect(existsSync(join(root, "usr/lib/mde-forwarder"))).toBe(false);
    expect(existsSync(join(root, "usr/share/man/man1/mde-forwarder.1.gz"))).toBe(false);
    expect(existsSync(join(root, "etc/mde-forwarder/config.yaml"))).toBe(true);
  });
});

describe.skipIf(!IS_ROOT)("the .deb", () => {
  it("carries its own Node.js 24 and stays within 45 MB", async () => {
    expect(statSync(deb).size).toBeLessThanOrEqual(45 * MB);
    const files = await run("dpkg-deb", ["-c", deb]);
    for (const path of [
      "./usr/lib/mde-forwarder/bin/node",
      "./usr/lib/mde-forwarder/dist/cli.js",
      "./usr/lib/mde-forwarder/node_modules/fastify/package.json",
      "./usr/bin/mde-forwarder",
      "./lib/systemd/system/mde-forwarder.service",
      "./lib/systemd/system/mde-forwarder@.service",
      "./etc/mde-forwarder/config.yaml",
      "./usr/share/doc/mde-forwarder/operations.md",
      "./usr/share/man/man1/mde-forwarder.1.gz",
      "./usr/share/man/man5/mde-forwarder.yaml.5.gz",
      "./usr/share/bash-completion/completions/mde-forwarder",
    ])
      expect(files).toContain(path);
    // Debian policy: man pages gzip-compressed, 0644 root.
    expect(files).toMatch(/^-rw-r--r-- root\/root .* \.\/usr\/share\/man\/man1\/mde-forwarder\.1\.gz$/m);
    expect(files).not.toContain("node_modules/vitest");
    expect((await run("dpkg-deb", ["-f", deb, "Version"])).trim()).toBe(version);
    expect(readFileSync(join(repo, "packaging/debian/conffiles"), "utf8")).toContain("/etc/mde-forwarder/config.yaml");
  });

  describe("installed on a clean Debian 12 and booted", () => {
    const root = join(work, "root-install");
    const out = join(work, "out-install");
    const receivers = { main: new Receiver(), a: new Receiver(), b: new Receiver() };
    let sim: Simulator;
    const sent: string[] = [];
    let console = "";

    beforeAll(async () => {
      sim = await startSimulator({ ratePerMinute: 0, clientId: CLIENT_ID, clientSecret: SECRET, updates: false });
      sent.push(...addAlerts(sim, 40, 10 * 60_000));
      let started = Date.now();
      await copyRoot(base, root);
      timings.copyRootMs = Date.now() - started;
      started = Date.now();
      await dpkgInstall(root, deb);
      timings.dpkgInstallMs = Date.now() - started;
    }, 300_000);
    afterAll(async () => {
      await sim?.close();
      await Promise.all(Object.values(receivers).map((r) => r.close()));
    });

    it("installs the service without enabling or starting it, its configuration readable and secret-free", async () => {
      const enabled = await inRoot(root, ["sh", "-c", "systemctl is-enabled mde-forwarder.service || true"]);
      expect(enabled.trim()).toBe("disabled");
      const dir = statSync(join(root, "etc/mde-forwarder"));
      const config = statSync(join(root, "etc/mde-forwarder/config.yaml"));
      expect([dir.mode & 0o777, dir.uid, config.mode & 0o777, config.uid]).toEqual([0o755, 0, 0o644, 0]);
      expect(readFileSync(join(root, "etc/mde-forwarder/config.yaml"), "utf8")).toContain(
        "clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret",
      );
      expect((await inRoot(root, ["mde-forwarder", "--version"])).trim()).toBe(version);
      expect(existsSync(join(root, "usr/bin/node"))).toBe(false);
    });

    it("runs enabled under systemd: a dynamic user, each alert forwarded once, SIGHUP, a clean stop", async () => {
      const [main, a, b] = await Promise.all([receivers.main.listen(), receivers.a.listen(), receivers.b.listen()]);
      configure(root, "config", configuration(sim, main, await freeTcpPort()));
      configure(root, "a", configuration(sim, a, await freeTcpPort()));
      configure(root, "b", configuration(sim, b, await freeTcpPort()));
      await inRoot(root, [
        "systemctl",
        "enable",
        "mde-forwarder.service",
        "mde-forwarder@a.service",
        "mde-forwarder@b.service",
      ]);
      installProbe(
        root,
        `units="mde-forwarder.service mde-forwarder@a.service mde-forwarder@b.service"
man -w mde-forwarder mde-forwarder.yaml 2>&1 | mark man
MANWIDTH=100 man 5 mde-forwarder.yaml 2>&1 | mark man-config
bash --norc -c '. /usr/share/bash-completion/bash_completion
_completion_loader mde-forwarder
complete -p mde-forwarder
COMP_LINE="mde-forwarder init --transport "; COMP_POINT=\${#COMP_LINE}
_mde_forwarder; echo "\${COMPREPLY[*]}"' 2>&1 | mark completion
await go
for u in $units; do show $u | mark "running-$u"; done
systemctl reload mde-forwarder.service; echo "status=$?" | mark reload
show mde-forwarder.service | mark reloaded
await more
systemctl stop $units
for u in $units; do show $u | mark "stopped-$u"; done
ls -ln /var/lib/private/mde-forwarder /var/lib/private/mde-forwarder-a /var/lib/private/mde-forwarder-b | mark state`,
      );
      mkdirSync(out);
      const started = Date.now();
      const booted = boot(root, [`${out}:/out`], 300_000).then((result) => (console = result.console));
      const all = () => Object.values(receivers).every((r) => r.ids().length >= sent.length);
      await until("the first alerts at every receiver", all);
      timings.bootToForwardedMs = Date.now() - started;
      writeFileSync(join(out, "go"), "");
      await until("the reload", () => existsSync(join(out, "reloaded")));
      sent.push(...addAlerts(sim, 10, 20_000));
      await until("the alerts added after the reload at every receiver", all);
      writeFileSync(join(out, "more"), "");
      await booted;
      timings.bootMs = Date.now() - started;
      expect(existsSync(join(out, "journal")), console).toBe(true);

      for (const unit of ["mde-forwarder.service", "mde-forwarder@a.service", "mde-forwarder@b.service"]) {
        const running = properties(readFileSync(join(out, `running-${unit}`), "utf8"));
        expect(running.get("ActiveState"), unit).toBe("active");
        expect(running.get("SubState")).toBe("running");
        expect(running.get("DynamicUser")).toBe("yes");
        expect(running.get("NRestarts")).toBe("0");
        // systemd's dynamic users take UIDs 61184 to 65519.
        expect(Number(running.get("Uid"))).toBeGreaterThanOrEqual(61184);
        expect(Number(running.get("Uid"))).toBeLessThanOrEqual(65519);
        const stopped = properties(readFileSync(join(out, `stopped-${unit}`), "utf8"));
        expect([stopped.get("ActiveState"), stopped.get("Result"), stopped.get("ExecMainStatus")]).toEqual([
          "inactive",
          "success",
          "0",
        ]);
      }
      const before = properties(readFileSync(join(out, "running-mde-forwarder.service"), "utf8"));
      const after = properties(readFileSync(join(out, "reloaded"), "utf8"));
      expect(readFileSync(join(out, "reload"), "utf8").trim()).toBe("status=0");
      expect([after.get("ActiveState"), after.get("MainPID")]).toEqual(["active", before.get("MainPID")]);

      for (const [name, receiver] of Object.entries(receivers))
        expect(sorted(receiver.ids()), name).toEqual(sorted(sent));
      // The man pages and the completion, found as an administrator's shell finds them.
      expect(readFileSync(join(out, "man"), "utf8").split("\n")).toEqual([
        "/usr/share/man/man1/mde-forwarder.1.gz",
        "/usr/share/man/man5/mde-forwarder.yaml.5.gz",
        "",
      ]);
      expect(readFileSync(join(out, "man-config"), "utf8")).toContain("OUTPUT (TRANSPORT: RELP)");
      expect(readFileSync(join(out, "completion"), "utf8")).toBe(
        "complete -F _mde_forwarder mde-forwarder\nudp tcp tls relp\n",
      );
      const journal = readFileSync(join(out, "journal"), "utf8");
      expect(journal).toContain("mde-forwarder started");
      expect(journal).toContain("Reloaded mde-forwarder.service");
      expect(journal).toContain("output reopened");
      for (const form of [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString("base64")])
        expect(journal).not.toContain(form);
    }, 600_000);

    it("runs the template's instances side by side, each with its own state", () => {
      const state = readFileSync(join(out, "state"), "utf8");
      const files = state.split("\n").filter((line) => line.endsWith(".json"));
      // One checkpoint in /var/lib/mde-forwarder and one in each instance's folder beside it, each its own user's.
      expect(files).toHaveLength(3);
      expect(new Set(files.map((line) => line.split(/\s+/)[2])).size).toBe(3);
      for (const dir of ["mde-forwarder-a", "mde-forwarder-b"])
        expect(
          readdirSync(join(root, "var/lib/private", dir)).some((f) => f.endsWith(".json")),
          dir,
        ).toBe(true);
    });
  });

  describe("upgraded from the previous package while running", () => {
    const root = join(work, "root-upgrade");
    const out = join(work, "out-upgrade");
    const receiver = new Receiver();
    let sim: Simulator;
    afterAll(async () => {
      await sim?.close();
      await receiver.close();
    });

    it("restarts on the new program with its configuration and state: nothing is sent again", async () => {
      sim = await startSimulator({ ratePerMinute: 0, clientId: CLIENT_ID, clientSecret: SECRET, updates: false });
      const sent = addAlerts(sim, 30, 10 * 60_000);
      await copyRoot(base, root);
      await dpkgInstall(root, oldDeb);
      const config = configuration(sim, await receiver.listen(), await freeTcpPort());
      configure(root, "config", config);
      await inRoot(root, ["systemctl", "enable", "mde-forwarder.service"]);
      installProbe(
        root,
        `await go
show mde-forwarder.service | mark before
dpkg -i /pkg/${deb.split("/").pop()} >/out/dpkg.log 2>&1; echo "status=$?" | mark upgrade
show mde-forwarder.service | mark after
dpkg-query -W -f '\${Version}' mde-forwarder | mark version
await more
systemctl stop mde-forwarder.service
show mde-forwarder.service | mark stopped`,
      );
      mkdirSync(out);
      const booted = boot(root, [`${out}:/out`, `${join(deb, "..")}:/pkg`], 300_000);
      await until("the first alerts", () => receiver.ids().length >= sent.length);
      writeFileSync(join(out, "go"), "");
      await until("the upgrade", () => existsSync(join(out, "version")), 180_000);
      sent.push(...addAlerts(sim, 10, 20_000));
      await until("the alerts added after the upgrade", () => receiver.ids().length >= sent.length);
      writeFileSync(join(out, "more"), "");
      const { console } = await booted;
      expect(existsSync(join(out, "journal")), console).toBe(true);

      expect(readFileSync(join(out, "upgrade"), "utf8").trim(), readFileSync(join(out, "dpkg.log"), "utf8")).toBe(
        "status=0",
      );
      expect(readFileSync(join(out, "version"), "utf8")).toBe(version);
      const before = properties(readFileSync(join(out, "before"), "utf8"));
      const after = properties(readFileSync(join(out, "after"), "utf8"));
      expect(after.get("ActiveState")).toBe("active");
      expect(after.get("MainPID")).not.toBe(before.get("MainPID"));
      expect(properties(readFileSync(join(out, "stopped"), "utf8")).get("Result")).toBe("success");
      expect(readFileSync(join(root, "etc/mde-forwarder/config.yaml"), "utf8")).toBe(config);
      // Every alert once: the new program went on from the old one's checkpoint.
      expect(sorted(receiver.ids())).toEqual(sorted(sent));
    }, 600_000);

    it("keeps configuration and state on remove, and deletes them on purge", async () => {
      await inRoot(root, ["dpkg", "-r", "mde-forwarder"]);
      expect(existsSync(join(root, "usr/lib/mde-forwarder"))).toBe(false);
      expect(existsSync(join(root, "usr/bin/mde-forwarder"))).toBe(false);
      for (const kept of [
        "etc/mde-forwarder/config.yaml",
        "etc/mde-forwarder/client-secret",
        "var/lib/private/mde-forwarder",
      ])
        expect(existsSync(join(root, kept)), kept).toBe(true);
      await inRoot(root, ["dpkg", "-P", "mde-forwarder"]);
      for (const gone of ["etc/mde-forwarder", "var/lib/private/mde-forwarder", "var/lib/mde-forwarder"])
        expect(existsSync(join(root, gone)), gone).toBe(false);
      const wants = await inRoot(root, ["sh", "-c", "ls /etc/systemd/system/multi-user.target.wants"]);
      expect(wants).not.toContain("mde-forwarder");
    });
  });
});
