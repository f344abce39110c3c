import { loadConfig } from "../config/load.js";
import { ExitCode, formatProblem, UsageError } from "../errors.js";
import { loadConfiguredMapping } from "../mapping/load.js";
import { checkOnline } from "./check-online.js";
import { describeConfig } from "./describe.js";
import { CONFIG_DETAIL, configOption, logLevelOf, type Command } from "./command.js";

export const check: Command = {
  name: "check",
  summary: "validate the configuration and its mapping",
  usage: "check -c FILE [--online]",
  details: `${CONFIG_DETAIL}\n  --online            also obtain a token and make one small API request`,
  options: { ...configOption, online: { type: "boolean" } },
  async run(values, _positionals, io) {
    if (typeof values.config !== "string") throw new UsageError("check needs -c FILE, the configuration to validate");
    const config = await loadConfig(values.config, io.env);
    const mapping = await loadConfiguredMapping(config);
    const warnings = mapping.warnings.map((w) => `warning: ${formatProblem(w)}\n`).join("");
    const configWarnings = config.warnings.map((w) => `warning: ${formatProblem(w)}\n`).join("");
    io.stdout.write(`${config.file}: configuration is valid\n${configWarnings}${describeConfig(config)}\n`);
    io.stdout.write(`${mapping.name}: mapping is valid (${mapping.format}, source ${mapping.source})\n${warnings}`);
    if (values.online === true) await checkOnline(config, io.stdout, logLevelOf(io, config.log.level));
    return ExitCode.ok;
  },
};
