/** The shared reference files every checkout has at ../shared from the project's root. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REFERENCE_DIR = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));

export function readReferenceJson<T>(name: string): T {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${name}`, "utf8")) as T;
}
