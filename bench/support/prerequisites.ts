/**
 * The programs the benchmarks and tests run besides Node: a real rsyslog receives, the shell baseline uses curl, jq
 * and logger, the proxy tests use tinyproxy. Before they start, missing ones are installed with apt-get when that can
 * be done without a password (root, or sudo -n), saying so; otherwise they are named with the commands that install
 * them.
 */
import { spawnSync } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Command → [Debian/Ubuntu package, Fedora/RHEL package]. */
const PACKAGES: Record<string, [string, string]> = {
  rsyslogd: ["rsyslog", "rsyslog"],
  curl: ["curl", "curl"],
  jq: ["jq", "jq"],
  logger: ["bsdutils", "util-linux"],
  tinyproxy: ["tinyproxy", "tinyproxy"],
};

export const SYSTEM_DIRS = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

async function found(command: string): Promise<boolean> {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    try {
      await access(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

async function missing(commands: readonly string[]): Promise<string[]> {
  const unique = [...new Set(commands)];
  return (await Promise.all(unique.map(async (c) => ((await found(c)) ? undefined : c)))).filter(
    (c) => c !== undefined,
  );
}

const packagesOf = (commands: readonly string[], distro: 0 | 1) => [
  ...new Set(commands.map((c) => PACKAGES[c]?.[distro] ?? c)),
];

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
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0
  );
}

/**
 * Installs what it can of the missing commands; a message saying what is still missing and how to install it, or
 * undefined.
 */
export async function ensureCommands(
  commands: readonly string[],
  who = "The benchmarks",
  then = "Then run `npm run bench` again, or run only the modules that need none of them: npm run bench -- encoding transport",
): Promise<string | undefined> {
  let absent = await missing(commands);
  if (absent.length === 0) return undefined;
  const runner = await aptRunner();
  if (runner) {
    const packages = packagesOf(absent, 0);
    console.error(`${who} need ${absent.join(", ")}: installing ${packages.join(" ")} with apt-get.`);
    if (runLoud([...runner, "apt-get", "update"]))
      runLoud([...runner, "apt-get", "install", "-y", "--no-install-recommends", ...packages]);
    absent = await missing(commands);
    if (absent.length === 0) return undefined;
  }
  return [
    `${who} need ${absent.join(", ")}, which ${absent.length === 1 ? "is" : "are"} not installed${runner ? " (apt-get could not install it)" : ""}.`,
    `  Debian/Ubuntu:  sudo apt-get install -y ${packagesOf(absent, 0).join(" ")}`,
    `  Fedora/RHEL:    sudo dnf install -y ${packagesOf(absent, 1).join(" ")}`,
    then,
  ].join("\n");
}
