import { loadConfig } from "../config/load.js";
import { ExitCode, formatProblem, UsageError, type FileProblem } from "../errors.js";
import { loadConfiguredMapping } from "../mapping/load.js";
import { checkOnline } from "./check-online.js";
import { describeConfig } from "./describe.js";
import { configOption, logLevelOf, type Command } from "./command.js";

export const check: Command = {
  name: "check",
  summary: "validate the configuration and its mapping",
  usage: "check -c FILE [--online [--test-event]]",
  options: {
    ...configOption,
    online: { type: "boolean", help: "also obtain a token, make one small API request and open the output" },
    "test-event": {
      type: "boolean",
      help: 'with --online: send one event named "mde-forwarder test event" through the mapping and output',
    },
  },
  async run(values, _positionals, io) {
    if (typeof values.config !== "string") throw new UsageError("check needs -c FILE, the configuration to validate");
    const config = await loadConfig(values.config, io.env);
    const mapping = await loadConfiguredMapping(config);
    const warnings = (list: FileProblem[]) => list.map((w) => `warning: ${formatProblem(w)}\n`).join("");
    io.stdout.write(`${config.file}: configuration is valid\n${warnings(config.warnings)}${describeConfig(config)}\n`);
    io.stdout.write(
      `${mapping.name}: mapping is valid (${mapping.format}, source ${mapping.source})\n${warnings(mapping.warnings)}`,
    );
    const testEvent = values["test-event"] === true;
    if (testEvent && values.online !== true) throw new UsageError("--test-event needs --online");
    if (values.online === true)
      await checkOnline(
        { config, mapping, level: logLevelOf(io, config.log.level), stacks: io.verbose, testEvent },
        io.stdout,
      );
    return ExitCode.ok;
  },
};
