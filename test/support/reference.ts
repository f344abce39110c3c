/**
 * Published test vectors kept in the repository (test/fixtures), so a clone needs nothing beside it.
 * `cef-leef-vectors.json` is a copy of the project's shared reference; each vector names its own source.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function readReferenceJson<T>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, "utf8")) as T;
}
