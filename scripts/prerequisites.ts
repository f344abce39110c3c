/**
 * The programs the tests and the benchmarks run besides Node: a real rsyslog (with TLS and RELP), Debian's CEF parser,
 * systemd's tools, the Debian root builder, promtool, tinyproxy, the shell baseline's curl, jq and logger. Missing ones
 * are installed with apt-get (after apt-get update) when that can be done without a password (root, or sudo -n), saying
 * so; otherwise the caller gets one line naming the apt-get command that installs them.
 */
import { spawnSync } from "node:child_process";
import { access, constants, readdir } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** What is needed → the Debian/Ubuntu package that brings it. */
const PACKAGES: Record<string, string> = {
  rsyslogd: "rsyslog",
  "rsyslog TLS (lmnsd_gtls)": "rsyslog-gnutls",
  "rsyslog TLS (lmnsd_ossl)": "rsyslog-openssl",
  "rsyslog RELP (imrelp)": "rsyslog-relp",
  lognormalizer: "liblognorm-utils",
  openssl: "openssl",
  "systemd-analyze": "systemd",
  "systemd-nspawn": "systemd-container",
  mmdebstrap: "mmdebstrap",
  "dpkg-deb": "dpkg",
  xz: "xz-utils",
  promtool: "prometheus",
  curl: "curl",
  jq: "jq",
  logger: "bsdutils",
  tinyproxy: "tinyproxy",
  groff: "groff-base",
  man: "man-db",
};

export const SYSTEM_DIRS = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** An rsyslog module, in the module folder of whichever architecture: /usr/lib/<triplet>/rsyslog, /usr/lib64/…. */
async function rsyslogModule(name: string): Promise<boolean> {
  const dirs = ["/usr/lib/rsyslog", "/usr/lib64/rsyslog"];
  for (const entry of await readdir("/usr/lib").catch(() => [])) dirs.push(join("/usr/lib", entry, "rsyslog"));
  for (const dir of dirs) if ((await readdir(dir).catch(() => [] as string[])).includes(name)) return true;
  return false;
}

async function found(need: string): Promise<boolean> {
  if (need === "rsyslog TLS (lmnsd_gtls)") return rsyslogModule("lmnsd_gtls.so");
  if (need === "rsyslog TLS (lmnsd_ossl)") return rsyslogModule("lmnsd_ossl.so");
  if (need === "rsyslog RELP (imrelp)") return rsyslogModule("imrelp.so");
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...SYSTEM_DIRS].filter(Boolean);
  for (const dir of dirs) if (await executable(join(dir, need))) return true;
  return false;
}

async function missing(needs: readonly string[]): Promise<string[]> {
  const unique = [...new Set(needs)];
  const absent = await Promise.all(unique.map(async (n) => ((await found(n)) ? undefined : n)));
  return absent.filter((n) => n !== undefined);
}

const packagesOf = (needs: readonly string[]) => [...new Set(needs.map((n) => PACKAGES[n] ?? n))];

/** How apt-get can be run without asking for a password here: directly as root, through `sudo -n`, or not at all. */
async function aptRunner(): Promise<string[] | undefined> {
  if (!(await found("apt-get"))) return undefined;
  if (process.getuid?.() === 0) return [];
  return spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0 ? ["sudo", "-n"] : undefined;
}

function runLoud(command: string[]): boolean {
  console.error(`$ ${command.join(" ")}`);
  return (
    spawnSync(command[0]!, command.slice(1), {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0
  );
}

/**
 * Installs what it can of the missing needs (`who` says for what, e.g. "npm test"); one line saying what is still
 * missing and the command that installs it, or undefined.
 */
export async function ensureInstalled(needs: readonly string[], who: string): Promise<string | undefined> {
  let absent = await missing(needs);
  if (absent.length === 0) return undefined;
  const runner = await aptRunner();
  if (runner) {
    const packages = packagesOf(absent);
    console.error(`${who} needs ${absent.join(", ")}: installing ${packages.join(" ")} with apt-get.`);
    if (runLoud([...runner, "apt-get", "update", "-qq"]))
      runLoud([...runner, "apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages]);
    absent = await missing(needs);
    if (absent.length === 0) return undefined;
  }
  return `${who} needs ${absent.join(", ")}${runner ? " (apt-get could not install them)" : ""}: sudo apt-get install -y ${packagesOf(absent).join(" ")}`;
}
