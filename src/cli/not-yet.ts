/** Commands whose issue has not landed yet say so plainly instead of pretending. */
import { AppError, ExitCode } from "../errors.js";
import { configOption, type Command, type Options } from "./command.js";

export function notYet(name: string, summary: string, usage: string, issue: number, options: Options = configOption): Command {
  return {
    name,
    summary,
    usage,
    details: `  (not available yet: issue #${issue})`,
    options,
    positionals: 1,
    run() {
      return Promise.reject(new AppError("E_NOT_AVAILABLE", `${name} is not available yet: it arrives with issue #${issue}`, ExitCode.runtime));
    },
  };
}
