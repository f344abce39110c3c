/**
 * The programs the benchmarks run besides Node: a real rsyslog receives, and the shell baseline uses curl, jq and
 * logger. Missing ones are named with the packages that provide them, before any benchmark starts.
 */
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Command → [Debian/Ubuntu package, Fedora/RHEL package]. */
const PACKAGES: Record<string, [string, string]> = {
  rsyslogd: ["rsyslog", "rsyslog"],
  curl: ["curl", "curl"],
  jq: ["jq", "jq"],
  logger: ["bsdutils", "util-linux"],
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

/** A message saying what is missing and how to install it, or undefined when everything is there. */
export async function missingCommands(commands: readonly string[]): Promise<string | undefined> {
  const unique = [...new Set(commands)];
  const missing = (await Promise.all(unique.map(async (c) => ((await found(c)) ? undefined : c)))).filter((c) => c !== undefined);
  if (missing.length === 0) return undefined;
  const debian = [...new Set(missing.map((c) => PACKAGES[c]?.[0] ?? c))].join(" ");
  const fedora = [...new Set(missing.map((c) => PACKAGES[c]?.[1] ?? c))].join(" ");
  return [
    `The benchmarks need ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not installed.`,
    `  Debian/Ubuntu:  sudo apt-get install -y ${debian}`,
    `  Fedora/RHEL:    sudo dnf install -y ${fedora}`,
    "Then run `npm run bench` again, or run only the modules that need none of them: npm run bench -- encoding transport",
  ].join("\n");
}

