/**
 * YAML files whose problems are reported at their line and column: configuration and mapping files both use this.
 */
import { readFile } from "node:fs/promises";
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { FileProblemsError, type FileProblem } from "../errors.js";

export type KeyPath = readonly (string | number | symbol)[];

export interface YamlFile {
  file: string;
  doc: Document;
  /** The document as plain values; a failure (an alias bomb) is a located problem. */
  toJS(): unknown;
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
  // Unique keys are checked below: the library's own check compares each key with all before it (quadratic).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
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
  const keyProblems = badKeyProblems(doc, file, at);
  if (keyProblems.length > 0) throw new FileProblemsError(code, keyProblems);
  const childOf = childFinder();
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
  const toJS = () => {
    try {
      return doc.toJS() as unknown;
    } catch (err) {
      // The library stops aliases that expand without bound (a "billion laughs"), without saying where.
      const alias = mostExpandedAlias(doc);
      const where = alias?.range ? at(alias.range[0]) : {};
      const message = alias
        ? `invalid YAML: the alias *${alias.source} expands to too many values (an alias bomb?)`
        : `invalid YAML: ${(err as Error).message}`;
      throw new FileProblemsError(code, [{ file, ...where, path: "", message }]);
    }
  };
  return {
    file,
    doc,
    toJS,
    locate,
    problem: (path, message) => ({ file, ...locate(path), path: dottedPath(path), message }),
  };
}

/** Keys that would reach or shadow Object.prototype once the file becomes plain objects: never a setting. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Keys given twice in one mapping, and the forbidden keys. */
function badKeyProblems(
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; column: number },
): FileProblem[] {
  const problems: FileProblem[] = [];
  visit(doc, {
    Map(_, map, ancestors) {
      // Each key's first occurrence: a repeat names the key and where it first appeared.
      const first = new Map<unknown, number>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        const offset = key.range?.[0] ?? 0;
        const earlier = first.get(key.value);
        if (earlier === undefined) {
          first.set(key.value, offset);
          continue;
        }
        problems.push({
          file,
          ...at(offset),
          path: dottedPath([...keysOf([...ancestors, map]), String(key.value)]),
          message: `given twice (first at line ${at(earlier).line}): keep one, with the settings you need from both`,
        });
      }
    },
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

/** The child of a node at a key, each mapping indexed once: locating thousands of keys stays linear. */
function childFinder() {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const indexOf = (map: YAMLMap) => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items)
        if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
      indexes.set(map, index);
    }
    return index;
  };
  return (node: unknown, key: string | number | symbol): { node: unknown; offset: number } | undefined => {
    if (isMap(node)) {
      const pair = indexOf(node).get(String(key));
      const keyNode = pair?.key as Node | undefined;
      return pair && keyNode?.range ? { node: pair.value, offset: keyNode.range[0] } : undefined;
    }
    if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      return item?.range ? { node: item, offset: item.range[0] } : undefined;
    }
    return undefined;
  };
}

/**
 * The alias that stands for the most values once expanded (the first such, in document order): where an alias bomb
 * multiplies. Each node's expanded size is counted once, so this stays linear in the file.
 */
function mostExpandedAlias(doc: Document): Alias | undefined {
  const anchors = new Map<string, number>();
  let most: { alias: Alias; size: number } | undefined;
  const size = (node: unknown): number => {
    let n = 1;
    if (isAlias(node)) {
      n = anchors.get(node.source) ?? 1;
      if (!most || n > most.size) most = { alias: node, size: n };
    } else if (isPair(node)) n = size(node.key) + size(node.value);
    else if (isMap(node) || isSeq(node)) for (const item of node.items as unknown[]) n += size(item);
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, n);
    return n;
  };
  size(doc.contents);
  return most?.alias;
}
