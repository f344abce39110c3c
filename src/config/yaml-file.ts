/**
 * YAML files whose problems are reported at their line and column: configuration and mapping files both use this.
 */
import { readFile } from "node:fs/promises";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { FileProblemsError, type FileProblem } from "../errors.js";

export type KeyPath = readonly (string | number | symbol)[];

export interface YamlFile {
  file: string;
  doc: Document;
  /** Line and column of the deepest key of `path` that exists in the file (the parent's, for a missing key). */
  locate(path: KeyPath): { line: number; column: number };
  /** A problem at `path`, located. */
  problem(path: KeyPath, message: string): FileProblem;
}

export function dottedPath(path: KeyPath): string {
  return path.reduce<string>(
    (s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    "",
  );
}

export async function readYamlFile(file: string, code: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new FileProblemsError(code, [
      { file, path: "", message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})` },
    ]);
  }
  return parseYamlText(file, text, code);
}

export function parseYamlText(file: string, text: string, code: string): YamlFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  // Later YAML errors are mostly consequences of the first: report that one.
  const [syntax] = doc.errors;
  if (syntax)
    throw new FileProblemsError(code, [
      { file, ...at(syntax.pos[0]), path: "", message: `invalid YAML: ${syntax.message.split("\n")[0]}` },
    ]);
  const forbidden = forbiddenKeyProblems(doc, file, at);
  if (forbidden.length > 0) throw new FileProblemsError(code, forbidden);
  const locate = (path: KeyPath) => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const key of path) {
      const next = childOf(node, key);
      if (!next) break;
      offset = next.offset;
      node = next.node;
    }
    return at(offset);
  };
  return {
    file,
    doc,
    locate,
    problem: (path, message) => ({ file, ...locate(path), path: dottedPath(path), message }),
  };
}

/** Keys that would reach or shadow Object.prototype once the file becomes plain objects: never a setting. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function forbiddenKeyProblems(
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; column: number },
): FileProblem[] {
  const problems: FileProblem[] = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || !FORBIDDEN_KEYS.has(String(pair.key.value))) return;
      const key = String(pair.key.value);
      problems.push({
        file,
        ...at(pair.key.range?.[0] ?? 0),
        path: dottedPath([...keysOf([...ancestors, pair]), key]),
        message: `'${key}' is not allowed as a key: it names a JavaScript object's prototype machinery, not a setting`,
      });
    },
  });
  return problems;
}

/** The key path of a node from its ancestors (as yaml's visit gives them), without the node's own key. */
function keysOf(ancestors: readonly unknown[]): (string | number)[] {
  const keys: (string | number)[] = [];
  ancestors.forEach((node, i) => {
    const child = ancestors[i + 1];
    if (isPair(node) && isScalar(node.key) && child !== undefined) keys.push(String(node.key.value));
    if (isSeq(node) && child !== undefined) keys.push(node.items.indexOf(child));
  });
  return keys;
}

function childOf(node: unknown, key: string | number | symbol): { node: unknown; offset: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
    const keyNode = pair?.key as Node | undefined;
    return pair && keyNode?.range ? { node: pair.value, offset: keyNode.range[0] } : undefined;
  }
  if (isSeq(node) && typeof key === "number") {
    const item = node.items[key] as Node | undefined;
    return item?.range ? { node: item, offset: item.range[0] } : undefined;
  }
  return undefined;
}
