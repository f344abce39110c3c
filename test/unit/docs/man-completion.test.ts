import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bashCompletion, COMPLETION_FILE } from "../../../scripts/completion.js";
import { MAN_DIR, manPages } from "../../../scripts/man-pages.js";
import { optionLabel } from "../../../src/cli/command.js";
import { commandHelp, GLOBAL_OPTIONS, loadCommands } from "../../../src/cli/main.js";

describe("man pages and bash completion", () => {
  it("man/ holds what npm run gen:man writes from the command line and the schema", async () => {
    for (const [name, text] of Object.entries(await manPages()))
      expect(readFileSync(new URL(name, MAN_DIR), "utf8"), name).toBe(text);
  });

  it("completions/mde-forwarder.bash is what npm run gen:completion writes", async () => {
    expect(readFileSync(COMPLETION_FILE, "utf8")).toBe(await bashCompletion());
  });

  it("each command's synopsis names every option it has, and --help explains each", async () => {
    for (const c of await loadCommands()) {
      for (const [name, spec] of Object.entries(c.options)) {
        const named =
          c.usage.includes(`--${name}`) || (spec.short !== undefined && c.usage.includes(`-${spec.short} `));
        expect(named, `${c.name} --${name} in "${c.usage}"`).toBe(true);
        expect(commandHelp(c)).toContain(`  ${optionLabel(name, spec)}  `);
      }
      for (const operand of c.operands ?? []) expect(c.usage).toContain(`[${operand.name}]`);
    }
  });

  it("the man page has every command, every option and every exit status", async () => {
    const page = (await manPages())["mde-forwarder.1"]!;
    for (const c of await loadCommands()) {
      expect(page).toContain(`.SS ${c.name}\n`);
      for (const name of Object.keys(c.options)) expect(page).toContain(`\\fB\\-\\-${name.replaceAll("-", "\\-")}\\fR`);
    }
    for (const name of Object.keys(GLOBAL_OPTIONS)) expect(page).toContain(`\\-\\-${name.replaceAll("-", "\\-")}`);
    for (const section of ["FILES", "ENVIRONMENT", "EXIT STATUS", "SIGNALS", "EXAMPLES", "CONFIGURATION"])
      expect(page).toContain(`.SH ${section}\n`);
  });
});
