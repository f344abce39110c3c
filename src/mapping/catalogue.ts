/**
 * A source's fields as a tree, to check mapping paths against and to give each key the spelling records use
 * (`IPAddress` in Microsoft's tables is `IpAddress` in the payload). Catalogue entries read like paths, with `[]`
 * for "any element of the list": `relatedUser.userName`, `evidence[].sha1`, `mitreTechniques[]`.
 */
import { closest } from "../util/suggest.js";
import { formatPath, type Step } from "./field-path.js";

interface Node {
  children: Map<string, { name: string; node: Node }>;
  element?: Node;
}

export interface Catalogue {
  /** The steps with the catalogue's spelling, or a message naming the first unknown part. */
  resolve(steps: readonly Step[]): Step[] | string;
}

const newNode = (): Node => ({ children: new Map() });

function build(entries: readonly string[]): Node {
  const root = newNode();
  for (const entry of entries) {
    let node = root;
    for (const token of entry.match(/[^.[\]]+|\[\]/g) ?? []) {
      if (token === "[]") {
        node = node.element ??= newNode();
        continue;
      }
      const lower = token.toLowerCase();
      const child = node.children.get(lower) ?? { name: token, node: newNode() };
      node.children.set(lower, child);
      node = child.node;
    }
  }
  return root;
}

export function createCatalogue(source: string, entries: readonly string[]): Catalogue {
  const root = build(entries);
  /** `prefix` is the path so far as written, ending in `.` or empty. */
  const unknown = (prefix: string, name: string, node: Node) => {
    const near = closest(
      name,
      [...node.children.values()].map((c) => c.name),
    );
    return `unknown field "${prefix}${name}" of source ${source}${near === undefined ? "" : ` (did you mean "${prefix}${near}"?)`}`;
  };
  return {
    resolve(steps) {
      const resolved: Step[] = [];
      let node = root;
      for (const step of steps) {
        if (step.kind === "key") {
          const child = node.children.get(step.name.toLowerCase());
          if (!child) return unknown(resolved.length ? `${formatPath(resolved)}.` : "", step.name, node);
          resolved.push({ kind: "key", name: child.name });
          node = child.node;
          continue;
        }
        if (!node.element) return `"${formatPath(resolved)}" of source ${source} is not a list`;
        node = node.element;
        if (step.kind === "index" || step.prop.startsWith("@")) {
          resolved.push(step);
          continue;
        }
        const prop = node.children.get(step.prop.toLowerCase());
        if (!prop) return unknown(`${formatPath(resolved)}[].`, step.prop, node);
        resolved.push({ ...step, prop: prop.name });
      }
      return resolved;
    },
  };
}
