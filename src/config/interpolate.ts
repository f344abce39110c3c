/**
 * `${VAR}` and `${VAR:-default}` in configuration values, replaced from the environment. `$${` writes a literal `${`.
 * As in the shell, `:-` also applies when the variable is set but empty.
 */
import { isScalar, visit } from "yaml";
import type { FileProblem } from "../errors.js";
import type { YamlFile } from "./yaml-file.js";

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateText(text: string, env: NodeJS.ProcessEnv): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return "${";
    const set = env[name];
    if (set !== undefined && (set !== "" || fallback === undefined)) return set;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return whole;
  });
  return { value, missing };
}

const keyPathOf = (path: readonly unknown[]) =>
  path.flatMap((n) =>
    isScalar((n as { key?: unknown }).key) ? [String((n as { key: { value: unknown } }).key.value)] : [],
  );

/**
 * The dotted key paths of the values that hold a `${VAR}` reference, before interpolation: a value that does not came
 * from the file itself (where a secret must not be written).
 */
export function referencedPaths(yaml: YamlFile): Set<string> {
  const paths = new Set<string>();
  visit(yaml.doc, {
    Scalar(key, node, path) {
      if (key === "key" || typeof node.value !== "string") return;
      if (/\$\{[A-Za-z_]/.test(node.value.replaceAll("$${", ""))) paths.add(keyPathOf(path).join("."));
    },
  });
  return paths;
}

/** Replaces references in every scalar value of the document, in place; returns one problem per missing variable. */
export function interpolateDocument(yaml: YamlFile, env: NodeJS.ProcessEnv): FileProblem[] {
  const problems: FileProblem[] = [];
  visit(yaml.doc, {
    Scalar(key, node, path) {
      if (key === "key" || !isScalar(node) || typeof node.value !== "string" || !node.value.includes("${")) return;
      const { value, missing } = interpolateText(node.value, env);
      node.value = value;
      const keyPath = keyPathOf(path);
      for (const name of missing) {
        problems.push(
          yaml.problem(keyPath, `environment variable ${name} is not set (set it, or write \${${name}:-default})`),
        );
      }
    },
  });
  return problems;
}
