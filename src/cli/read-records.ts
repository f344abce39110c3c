/**
 * Records from a file, as Defender's APIs and their users write them: a JSON array (the SIEM API's response), an
 * envelope with `value` (the Alerts and Graph APIs), one JSON object, or NDJSON (one record per line).
 */
import { readFile } from "node:fs/promises";
import { AppError, ExitCode } from "../errors.js";

type RecordList = Record<string, unknown>[];

const problem = (file: string, message: string) =>
  new AppError("E_RECORDS", `${file}: ${message}`, ExitCode.usage, { file });

function asRecords(file: string, value: unknown, where: (i: number) => string): RecordList {
  const list: unknown = Array.isArray(value) ? value : ((value as { value?: unknown } | null)?.value ?? value);
  const items: unknown[] = Array.isArray(list) ? list : [list];
  items.forEach((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item))
      throw problem(file, `${where(i)} is not a JSON object`);
  });
  return items as RecordList;
}

function parseNdjson(file: string, text: string): RecordList {
  const lines = text.split("\n");
  return lines.flatMap((line, i) => {
    if (line.trim() === "") return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw problem(
        file,
        `line ${i + 1} is not JSON (${(err as Error).message}): expected a JSON array, an object with "value", or one JSON object per line`,
      );
    }
    return asRecords(file, value, () => `line ${i + 1}`);
  });
}

export function parseRecords(file: string, text: string): RecordList {
  try {
    return asRecords(file, JSON.parse(text), (i) => `record ${i + 1}`);
  } catch (err) {
    if (err instanceof AppError) throw err;
    return parseNdjson(file, text);
  }
}

export async function readRecords(file: string): Promise<RecordList> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw problem(file, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseRecords(file, text);
}
