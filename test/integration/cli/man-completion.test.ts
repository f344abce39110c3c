/** The generated man pages as groff and man render them, and the bash completion as bash runs it. */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMPLETION_FILE } from "../../../scripts/completion.js";
import { MAN_DIR, MAN_PAGES } from "../../../scripts/man-pages.js";
import { INIT_TRANSPORTS, SIEMS } from "../../../src/cli/init-template.js";
import { loadCommands } from "../../../src/cli/main.js";
import { LOG_LEVELS } from "../../../src/config/schema.js";
import { builtinMappings } from "../../../src/mapping/load.js";
import { SIMULATED_APIS } from "../../../src/simulator/index.js";
import { SOURCE_NAMES } from "../../../src/sources/registry.js";
import { tempDir } from "../../support/temp.js";

const pages = Object.values(MAN_PAGES).map((name) => fileURLToPath(new URL(name, MAN_DIR)));

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options, env: { ...process.env, ...options.env } });
  if (result.error) throw result.error;
  return result;
}

describe("the man pages", () => {
  it.each(pages)("%s: groff renders it without a warning", (page) => {
    const result = run("groff", ["-man", "-ww", "-z", page]);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("man -l shows every command and option as a reader sees them", async () => {
    const result = run("man", ["-l", pages[0]!], { env: { MANWIDTH: "100", MANPAGER: "cat", PAGER: "cat" } });
    expect(result.status, result.stderr).toBe(0);
    // Not a terminal: man writes plain text, without overstrike.
    const text = result.stdout;
    expect(text).toMatch(/^MDE-FORWARDER\(1\)/);
    for (const c of await loadCommands()) {
      expect(text).toContain(`mde-forwarder ${c.name}`);
      for (const name of Object.keys(c.options)) expect(text).toContain(`--${name}`);
    }
    // Options are copied from here: ASCII minus signs, never hyphenated at the margin.
    expect(text).toContain("--secret-file FILE");
    expect(text).not.toMatch(/\u2010/);
  });

  it("man -l shows the configuration page with each section", () => {
    const result = run("man", ["-l", pages[1]!], { env: { MANWIDTH: "100", MANPAGER: "cat", PAGER: "cat" } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^MDE-FORWARDER\.YAML\(5\)/);
    expect(result.stdout).toContain("OUTPUT (TRANSPORT: RELP)");
    expect(result.stdout).toContain('source.lookback (ISO 8601 duration PT1M to P180D; default "PT2H")');
  });
});

describe("the bash completion", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "config.yaml"), "");
  writeFileSync(join(dir, "records.json"), "[]");

  /** What bash offers for `line` (the cursor at its end), with the completion loaded as bash-completion loads it. */
  function complete(line: string): string[] {
    const script = [
      `source ${JSON.stringify(fileURLToPath(COMPLETION_FILE))}`,
      'COMP_LINE=$1; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$COMP_LINE"',
      '[[ $COMP_LINE =~ [[:space:]]$ ]] && COMP_WORDS+=("")',
      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))",
      "_mde_forwarder mde-forwarder",
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join("\n");
    const result = run("bash", ["--norc", "--noprofile", "-c", script, "bash", line], { cwd: dir });
    expect(result.stderr).toBe("");
    return result.stdout.split("\n").filter(Boolean).sort();
  }
  const sorted = (words: readonly string[]) => [...words].sort();

  it("is registered for the command", () => {
    const result = run("bash", ["--norc", "-c", `source ${fileURLToPath(COMPLETION_FILE)}; complete -p mde-forwarder`]);
    expect(result.stdout.trim()).toBe("complete -F _mde_forwarder mde-forwarder");
  });

  it("offers the commands, then each command's own options", async () => {
    const commands = await loadCommands();
    expect(complete("mde-forwarder ")).toEqual(
      sorted([...commands.map((c) => c.name), "--help", "-h", "--version", "-V"]),
    );
    expect(complete("mde-forwarder pr")).toEqual(["preview"]);
    for (const c of commands) {
      const offered = complete(`mde-forwarder ${c.name} --`);
      for (const name of Object.keys(c.options)) expect(offered, c.name).toContain(`--${name}`);
      for (const name of ["help", "verbose", "log-level"]) expect(offered, c.name).toContain(`--${name}`);
      expect(offered).not.toContain("--version");
    }
  });

  it("offers the values the command line accepts", () => {
    expect(complete("mde-forwarder init --api ")).toEqual(sorted(SOURCE_NAMES));
    expect(complete("mde-forwarder init --siem ")).toEqual(sorted(SIEMS));
    expect(complete("mde-forwarder init --api graph --transport ")).toEqual(sorted(INIT_TRANSPORTS));
    expect(complete("mde-forwarder init --transport r")).toEqual(["relp"]);
    expect(complete("mde-forwarder run -c config.yaml --log-level ")).toEqual(sorted(LOG_LEVELS));
    expect(complete("mde-forwarder simulate --api ")).toEqual(sorted(SIMULATED_APIS));
    // A value of the user's own: nothing offered, not the options.
    expect(complete("mde-forwarder init --tenant ")).toEqual([]);
  });

  it("offers the built-in mappings and files for a mapping; bash keeps what precedes the colon", () => {
    const builtins = builtinMappings().map((name) => `builtin:${name}`);
    expect(complete("mde-forwarder preview -m ")).toEqual(sorted([...builtins, "config.yaml", "records.json"]));
    // COMP_WORDBREAKS holds ":": bash replaces only what follows it, so the offers are the rest of the word.
    expect(complete("mde-forwarder demo --mapping builtin:siem-")).toEqual(["siem-cef", "siem-leef"]);
    expect(complete("mde-forwarder preview -m builtin:graph-cef rec")).toEqual(["records.json"]);
  });

  it("offers files for a configuration", () => {
    expect(complete("mde-forwarder check -c ")).toEqual(["config.yaml", "records.json"]);
    expect(complete("mde-forwarder once --config con")).toEqual(["config.yaml"]);
  });
});
