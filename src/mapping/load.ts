/**
 * Loads a mapping by reference: `builtin:NAME` (the file `mappings/NAME.yaml` shipped with the package) or a path.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Config } from "../config/config.js";
import { readYamlFile } from "../config/yaml-file.js";
import { AppError, ExitCode, FileProblemsError } from "../errors.js";
import { didYouMean } from "../util/suggest.js";
import { compileMappingFile, MAPPING_ERROR } from "./compile.js";
import type { CompiledMapping } from "./mapping.js";

/** `mappings/` at the package root: two levels up from both src/mapping/ and dist/mapping/. */
const BUILTIN_DIR = fileURLToPath(new URL("../../mappings/", import.meta.url));
const BUILTIN = "builtin:";

export function builtinMappings(): string[] {
  return readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** The file a reference names. */
function mappingFile(ref: string): string {
  if (!ref.startsWith(BUILTIN)) return ref;
  const name = ref.slice(BUILTIN.length);
  const known = builtinMappings();
  if (!known.includes(name)) {
    throw new AppError(
      MAPPING_ERROR,
      `unknown built-in mapping "${ref}"${didYouMean(name, known)}: the built-in mappings are ${known.map((k) => BUILTIN + k).join(", ")}`,
      ExitCode.usage,
      { ref },
    );
  }
  return `${BUILTIN_DIR}${name}.yaml`;
}

export async function loadMapping(ref: string): Promise<CompiledMapping> {
  const yaml = await readYamlFile(mappingFile(ref), MAPPING_ERROR);
  return { name: ref, ...compileMappingFile(yaml) };
}

/** The configuration's mapping, which must read the records of every tenant's source. */
export async function loadConfiguredMapping(config: Config): Promise<CompiledMapping> {
  const mapping = await loadMapping(config.mapping);
  const other = config.tenants.find((t) => t.source.api !== mapping.source);
  if (other) {
    const { api } = other.source;
    const key = config.multiTenant ? `the api of tenant ${other.name}` : "source.api";
    const fitting = builtinMappings()
      .filter((name) => name.startsWith(`${api}-`))
      .map((name) => BUILTIN + name);
    throw new FileProblemsError("E_CONFIG", [
      {
        file: config.file,
        ...config.mappingAt,
        path: "mapping",
        message:
          `${config.mapping} reads records of the ${mapping.source} API, but ${key} is ${api}: use ` +
          `${fitting.length ? `${fitting.join(" or ")}, or ` : ""}a mapping file with source: ${api}`,
      },
    ]);
  }
  return mapping;
}
