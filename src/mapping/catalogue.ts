/**
 * A source's fields as a tree, to check mapping paths against and to give each key the spelling records use
 * (`IPAddress` in Microsoft's tables is `IpAddress` in the payload). A catalogue comes from a list of paths, with `[]`
 * for "any element of the list" (`relatedUser.userName`, `evidence[].sha1`, `mitreTechniques[]`), or from a schema
 * (sources/shared/graph-catalogue.ts). A node may be open (any key below it is accepted: Graph's `additionalData`),
 * carry the known values of an enum, or tell its list's subtypes apart by a property (`@odata.type`).
 */
import { closest } from "../util/suggest.js";
import { formatPath, type Step } from "./field-path.js";

export interface Child {
  /** The spelling records use. */
  name: string;
  node: CatalogueNode;
}

export interface CatalogueNode {
  /** Keys by lower-case name; a function, so that a schema's types may refer to themselves. */
  children(): ReadonlyMap<string, Child>;
  element?: CatalogueNode;
  /** Any key below is accepted as written. */
  open?: boolean;
  /** The known values of an enum field. An evolvable enum may send others. */
  values?: readonly string[];
  /** An identifier (alert id, FullId) of up to this many bytes: a key that keeps fewer would cut it. */
  identityBytes?: number;
  /** For the elements of a list: the property naming each element's type, and the node of each type by value. */
  subtypes?: { prop: string; byValue: ReadonlyMap<string, { value: string; node: CatalogueNode }> };
}

/** What a path reads: its steps in the catalogue's spelling, and the values known for it when it is an enum. */
export interface CatalogueField {
  steps: Step[];
  values?: readonly string[];
  identityBytes?: number;
  /** The path goes inside an open object: nothing below is known. */
  open: boolean;
}

export interface Catalogue {
  /** The steps with the catalogue's spelling, or a message naming the first unknown part. */
  resolve(steps: readonly Step[]): Step[] | string;
  /** The same, with what the catalogue knows of the field. */
  field(steps: readonly Step[]): CatalogueField | string;
}

export const OPEN: CatalogueNode = { children: () => new Map(), open: true };

/** A node with fixed children. */
export function fixedNode(children: Map<string, Child>, extra: Omit<CatalogueNode, "children"> = {}): CatalogueNode {
  return { ...extra, children: () => children };
}

/** `base` with the children of `extra` beside its own (a source's records plus the fields the forwarder adds). */
export function extendedNode(base: CatalogueNode, extra: CatalogueNode): CatalogueNode {
  let children: Map<string, Child> | undefined;
  return { ...base, children: () => (children ??= new Map([...base.children(), ...extra.children()])) };
}

/**
 * A tree from path entries (`a.*`: any key below `a`); `values` gives enum paths their known values, `identities`
 * identifier paths their longest length in bytes.
 */
export function entriesNode(
  entries: readonly string[],
  values: Readonly<Record<string, readonly string[]>> = {},
  identities: Readonly<Record<string, number>> = {},
): CatalogueNode {
  interface Draft {
    children: Map<string, { name: string; node: Draft }>;
    element?: Draft;
    values?: readonly string[];
    identityBytes?: number;
    open?: boolean;
  }
  const draft = (): Draft => ({ children: new Map() });
  const root = draft();
  for (const entry of entries) {
    let node = root;
    for (const token of entry.match(/[^.[\]]+|\[\]/g) ?? []) {
      if (token === "*") {
        node.open = true;
        break;
      }
      if (token === "[]") {
        node = node.element ??= draft();
        continue;
      }
      const lower = token.toLowerCase();
      const child = node.children.get(lower) ?? { name: token, node: draft() };
      node.children.set(lower, child);
      node = child.node;
    }
    if (values[entry]) node.values = values[entry];
    if (identities[entry]) node.identityBytes = identities[entry];
  }
  const freeze = (d: Draft): CatalogueNode => {
    if (d.open) return OPEN;
    const children = new Map([...d.children].map(([k, c]) => [k, { name: c.name, node: freeze(c.node) }]));
    return fixedNode(children, {
      ...(d.element ? { element: freeze(d.element) } : {}),
      ...(d.values ? { values: d.values } : {}),
      ...(d.identityBytes ? { identityBytes: d.identityBytes } : {}),
    });
  };
  return freeze(root);
}

export function createCatalogue(
  source: string,
  entries: readonly string[],
  values?: Readonly<Record<string, readonly string[]>>,
): Catalogue {
  return catalogueOf(source, entriesNode(entries, values));
}

export function catalogueOf(source: string, root: CatalogueNode): Catalogue {
  /** `prefix` is the path so far as written, ending in `.` or empty. */
  const unknown = (prefix: string, name: string, node: CatalogueNode) => {
    const near = closest(
      name,
      [...node.children().values()].map((c) => c.name),
    );
    return `unknown field "${prefix}${name}" of source ${source}${near === undefined ? "" : ` (did you mean "${prefix}${near}"?)`}`;
  };
  const field = (steps: readonly Step[]): CatalogueField | string => {
    const resolved: Step[] = [];
    let node = root;
    for (const step of steps) {
      if (node.open) {
        resolved.push(step);
        continue;
      }
      if (step.kind === "key") {
        if (step.name.startsWith("@")) {
          // OData annotations (`@odata.type`) may sit on any object.
          resolved.push(step);
          node = OPEN;
          continue;
        }
        const child = node.children().get(step.name.toLowerCase());
        if (!child) return unknown(resolved.length ? `${formatPath(resolved)}.` : "", step.name, node);
        resolved.push({ kind: "key", name: child.name });
        node = child.node;
        continue;
      }
      if (!node.element) return `"${formatPath(resolved)}" of source ${source} is not a list`;
      node = node.element;
      if (step.kind === "index") {
        resolved.push(step);
        continue;
      }
      const subtypes = node.subtypes;
      if (subtypes && step.prop.toLowerCase() === subtypes.prop.toLowerCase()) {
        const subtype = subtypes.byValue.get(step.value.toLowerCase());
        if (subtype) {
          resolved.push({ ...step, prop: subtypes.prop, value: subtype.value });
          node = subtype.node;
          continue;
        }
        // Compared by the last part: every value shares a long prefix (`#microsoft.graph.security.`).
        const last = (value: string) => value.slice(value.lastIndexOf(".") + 1);
        const values = [...subtypes.byValue.values()].map((s) => s.value);
        const nearLast = closest(last(step.value), values.map(last));
        const near = values.find((v) => nearLast !== undefined && last(v) === nearLast);
        if (near !== undefined)
          return `unknown ${subtypes.prop} "${step.value}" in "${formatPath(resolved)}" of source ${source} (did you mean "${near}"?)`;
        // A type newer than the catalogue: its elements are read as any of the known types'.
        resolved.push({ ...step, prop: subtypes.prop });
        continue;
      }
      if (step.prop.startsWith("@")) {
        resolved.push(step);
        continue;
      }
      const prop = node.children().get(step.prop.toLowerCase());
      if (!prop) return unknown(`${formatPath(resolved)}[].`, step.prop, node);
      resolved.push({ ...step, prop: prop.name });
    }
    return {
      steps: resolved,
      open: node.open === true,
      ...(node.values ? { values: node.values } : {}),
      ...(node.identityBytes ? { identityBytes: node.identityBytes } : {}),
    };
  };
  return {
    field,
    resolve(steps) {
      const found = field(steps);
      return typeof found === "string" ? found : found.steps;
    },
  };
}
