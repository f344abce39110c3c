import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";

describe("command line", () => {
  it("--help lists every command of the design and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["init", "run", "once", "check", "preview", "simulate", "demo"])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("--version prints the package version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("no command is a usage error", async () => {
    expect((await runCli([])).code).toBe(2);
  });

  it("an unknown command is one line and exit 2", async () => {
    const { code, stderr } = await runCli(["chekc"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'unknown command "chekc": expected one of init, run, once, check, preview, simulate, demo (see --help)\n',
    );
  });

  it("an unknown option is one line with the usage and exit 2", async () => {
    const { code, stderr } = await runCli(["check", "--colour"]);
    expect(code).toBe(2);
    expect(stderr.split("\n")).toHaveLength(2);
    expect(stderr).toContain("check: Unknown option '--colour'");
    expect(stderr).toContain("(usage: mde-forwarder check -c FILE [--online [--test-event]])");
  });

  it("check without -c says what it needs", async () => {
    expect(await runCli(["check"])).toMatchObject({
      code: 2,
      stderr: "check needs -c FILE, the configuration to validate\n",
    });
  });

  it("each command has its own --help", async () => {
    const { code, stdout } = await runCli(["check", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: mde-forwarder check -c FILE [--online [--test-event]]");
    expect(stdout).toContain("--online");
    expect(stdout).toContain("--test-event");
  });
});
