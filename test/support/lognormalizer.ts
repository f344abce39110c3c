/**
 * Debian's lognormalizer (liblognorm-utils) as an independent strict CEF parser (formats.md). Lines go in through one
 * process; each comes back as JSON, `{"cef": {...}}` or `unparsed-data` on any violation of the standard.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LognormCef {
  DeviceVendor: string;
  DeviceProduct: string;
  DeviceVersion: string;
  SignatureID: string;
  Name: string;
  Severity: string;
  Extensions: Record<string, string>;
}

/** liblognorm 2.0.6 drops the first letter of the first key when no space follows the seventh unescaped `|`. */
function withSpaceAfterHeader(line: string): string {
  let pipes = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "|" && ++pipes === 7) return `${line.slice(0, i + 1)} ${line.slice(i + 1)}`;
  }
  return line;
}

/** Parses CEF lines; an entry is undefined where lognormalizer refused the line. */
export function lognormalize(lines: string[]): (LognormCef | undefined)[] {
  const dir = mkdtempSync(join(tmpdir(), "lognorm-"));
  const rulebase = join(dir, "cef.rulebase");
  writeFileSync(rulebase, "version=2\nrule=:%cef:cef%\n");
  const result = spawnSync("lognormalizer", ["-r", rulebase, "-e", "json"], {
    input: lines.map(withSpaceAfterHeader).join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (result.error)
    throw new Error(`cannot run lognormalizer (apt-get install liblognorm-utils): ${result.error.message}`);
  const out = result.stdout.split("\n").filter((l) => l.trim() !== "");
  if (out.length !== lines.length)
    throw new Error(`lognormalizer returned ${out.length} results for ${lines.length} lines: ${result.stderr}`);
  return out.map((l) => (JSON.parse(l) as { cef?: LognormCef }).cef);
}
