import { formatProblem, ExitCode, UsageError } from "../errors.js";
import type { ValueChanges } from "../formats/format.js";
import { builtinMappings, loadMapping } from "../mapping/load.js";
import { sourceNamed } from "../sources/registry.js";
import type { Command } from "./command.js";
import { readRecords } from "./read-records.js";

const DEFAULT_MAX_BYTES = 8192;

export const preview: Command = {
  name: "preview",
  summary: "print the messages a mapping makes from records",
  usage: "preview -m MAPPING [FILE] [--max-bytes N]",
  options: {
    mapping: {
      type: "string",
      short: "m",
      value: "MAPPING",
      help: `builtin:NAME (${builtinMappings().join(", ")})\nor the path of a mapping file`,
      complete: "mapping",
    },
    "max-bytes": {
      type: "string",
      value: "N",
      help: `hold each message to N bytes, as output.maxMessageBytes does (default ${DEFAULT_MAX_BYTES})`,
    },
  },
  operands: [
    {
      name: "FILE",
      help:
        'records: a JSON array, an API response with "value", or NDJSON;\n' +
        "without FILE, built-in sample records of the mapping's source (hostile values included)",
      complete: "file",
    },
  ],
  notes: [
    "Prints one message per line, exactly as it is handed to the transport (which adds the syslog header). " +
      "Warnings about the mapping, and the values each message shortened or left out to fit, go to stderr.",
  ],
  async run(values, positionals, io) {
    if (typeof values.mapping !== "string") throw new UsageError("preview needs -m MAPPING, e.g. -m builtin:siem-cef");
    const maxBytes = parseMaxBytes(values["max-bytes"]);
    const mapping = await loadMapping(values.mapping);
    for (const warning of mapping.warnings) io.stderr.write(`warning: ${formatProblem(warning)}\n`);
    const [file] = positionals;
    const source = sourceNamed(mapping.source);
    const records = file === undefined ? source.samples : await readRecords(file);
    records.forEach((record, i) => {
      const { text, changes } = mapping.encode(source.prepare?.(record) ?? record, maxBytes);
      io.stdout.write(`${text}\n`);
      if (changes) io.stderr.write(`note: message ${i + 1}: ${describeChanges(changes)}\n`);
    });
    return ExitCode.ok;
  },
};

function describeChanges({ shortened, dropped }: ValueChanges): string {
  return [
    ...(shortened ? [`shortened ${shortened.join(", ")}`] : []),
    ...(dropped ? [`left out ${dropped.join(", ")}`] : []),
  ].join("; ");
}

function parseMaxBytes(text: string | boolean | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BYTES;
  const n = typeof text === "string" && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 1_048_576))
    throw new UsageError(`preview: --max-bytes expects an integer from 1 to 1048576, got "${String(text)}"`);
  return n;
}
