/**
 * Reads Microsoft's TypeScript types for Graph v1.0 (`@microsoft/microsoft-graph-types`) with the TypeScript compiler
 * API and keeps what the Graph sources read (alerts_v2, incidents): the security alert, every evidence subtype (each
 * with its `@odata.type`), the incident, and the types they reach. Used by `npm run gen:schema` and by the test that
 * catches drift.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import ts from "typescript";
import type { FieldType, GraphSchema, TypeShape } from "../src/sources/shared/graph-schema.js";

const ROOTS = ["security.Alert", "security.Incident"];
const EVIDENCE_BASE = "security.AlertEvidence";
const SECURITY = "SecurityNamespace";

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

/** Declarations by qualified name: `Entity` at the top level, `security.Alert` inside `SecurityNamespace`. */
function declarations(file: ts.SourceFile): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  const add = (prefix: string, statements: readonly ts.Statement[]) => {
    for (const s of statements) {
      if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) found.set(prefix + s.name.text, s);
      if (ts.isModuleDeclaration(s) && s.name.getText(file) === SECURITY && s.body && ts.isModuleBlock(s.body))
        add("security.", s.body.statements);
    }
  };
  add("", file.statements);
  return found;
}

export function graphSchema(dts: string, packageVersion: string): GraphSchema {
  const file = ts.createSourceFile("microsoft-graph.d.ts", dts, ts.ScriptTarget.Latest, true);
  const decls = declarations(file);
  const types: Record<string, TypeShape> = {};
  const enums: Record<string, string[]> = {};
  const queue = [...ROOTS];

  /** A name as written inside `scope` ("security." or ""), qualified. */
  const qualify = (name: ts.EntityName, scope: string): string => {
    if (ts.isQualifiedName(name)) return name.right.text; // microsoftgraph.Entity: the top level
    const inScope = scope + name.text;
    return decls.has(inScope) ? inScope : name.text;
  };

  const fieldType = (node: ts.TypeNode, scope: string): FieldType => {
    if (ts.isArrayTypeNode(node)) return { ...fieldType(node.elementType, scope), list: true };
    if (ts.isParenthesizedTypeNode(node)) return fieldType(node.type, scope);
    if (node.kind === ts.SyntaxKind.StringKeyword) return { type: "string" };
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: "number" };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: "boolean" };
    if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword) return { type: "open" };
    if (ts.isUnionTypeNode(node)) {
      const literals = node.types.filter(ts.isLiteralTypeNode).map((t) => t.literal);
      if (literals.length === node.types.length && literals.every(ts.isStringLiteral)) return { type: "string" };
    }
    if (ts.isTypeReferenceNode(node)) {
      if (ts.isIdentifier(node.typeName) && node.typeName.text === "NullableOption" && node.typeArguments?.[0])
        return fieldType(node.typeArguments[0], scope);
      const name = qualify(node.typeName, scope);
      const decl = decls.get(name);
      if (decl && ts.isTypeAliasDeclaration(decl)) return aliasType(name, decl);
      if (decl && ts.isInterfaceDeclaration(decl)) {
        if (isOpen(decl)) return { type: "open" };
        if (!queue.includes(name)) queue.push(name);
        return { type: name };
      }
    }
    throw new Error(`microsoft-graph.d.ts: cannot read the type ${node.getText(file)} (line ${line(node)})`);
  };

  const aliasType = (name: string, decl: ts.TypeAliasDeclaration): FieldType => {
    const t = decl.type;
    if (ts.isUnionTypeNode(t) || ts.isLiteralTypeNode(t)) {
      const members = ts.isUnionTypeNode(t) ? t.types : [t];
      const values = members.map((m) =>
        ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? m.literal.text : "",
      );
      if (values.every((v) => v !== "")) {
        enums[name] = values;
        return { type: "string", enum: name };
      }
    }
    return fieldType(t, name.startsWith("security.") ? "security." : "");
  };

  /** An interface with no members of its own or inherited (`Dictionary`, `DynamicColumnValue`): any keys. */
  const isOpen = (decl: ts.InterfaceDeclaration): boolean =>
    decl.members.length === 0 && bases(decl).every((b) => isOpen(decls.get(b) as ts.InterfaceDeclaration));

  const scopeOf = (decl: Declaration) =>
    ts.isModuleBlock(decl.parent) && decl.parent.parent.name.getText(file) === SECURITY ? "security." : "";

  const bases = (decl: ts.InterfaceDeclaration): string[] =>
    (decl.heritageClauses ?? []).flatMap((h) =>
      h.types.map((t) => {
        const name = ts.isIdentifier(t.expression)
          ? qualify(t.expression, scopeOf(decl))
          : ts.isPropertyAccessExpression(t.expression)
            ? t.expression.name.text
            : "";
        if (!decls.has(name)) throw new Error(`microsoft-graph.d.ts: unknown base ${t.getText(file)}`);
        return name;
      }),
    );

  const properties = (name: string): Record<string, FieldType> => {
    const decl = decls.get(name);
    if (!decl || !ts.isInterfaceDeclaration(decl)) throw new Error(`microsoft-graph.d.ts has no interface ${name}`);
    const own: Record<string, FieldType> = {};
    for (const base of bases(decl)) Object.assign(own, properties(base));
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      own[member.name.getText(file)] = fieldType(member.type, scopeOf(decl));
    }
    return own;
  };

  const line = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;

  const evidence: Record<string, string> = {};
  for (const [name, decl] of decls) {
    if (ts.isInterfaceDeclaration(decl) && name.startsWith("security.") && bases(decl).includes(EVIDENCE_BASE)) {
      const local = name.slice("security.".length);
      evidence[`#microsoft.graph.security.${local[0]!.toLowerCase()}${local.slice(1)}`] = name;
      if (!queue.includes(name)) queue.push(name);
    }
  }
  for (let i = 0; i < queue.length; i++) types[queue[i]!] = { properties: properties(queue[i]!) };

  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    package: `@microsoft/microsoft-graph-types@${packageVersion}`,
    alert: "security.Alert",
    incident: "security.Incident",
    evidenceBase: EVIDENCE_BASE,
    evidence: sorted(evidence),
    types: sorted(types),
    enums: sorted(enums),
  };
}

export const GRAPH_SCHEMA_FILE = fileURLToPath(
  new URL("../src/sources/shared/graph-schema.generated.ts", import.meta.url),
);

/** The installed package's declaration file and version. */
function installedTypes(): { dts: string; version: string } {
  const require = createRequire(import.meta.url);
  const dir = require.resolve("@microsoft/microsoft-graph-types/package.json").replace(/package\.json$/, "");
  const { version } = JSON.parse(readFileSync(`${dir}package.json`, "utf8")) as { version: string };
  return { dts: readFileSync(`${dir}microsoft-graph.d.ts`, "utf8"), version };
}

/** The checked-in module's text from the installed package, formatted as `npm run format` would. */
export async function readGraphSchema(): Promise<string> {
  const { dts, version } = installedTypes();
  const text = graphSchemaModule(graphSchema(dts, version));
  const options = await prettier.resolveConfig(GRAPH_SCHEMA_FILE);
  return prettier.format(text, { ...options, filepath: GRAPH_SCHEMA_FILE });
}

function graphSchemaModule(schema: GraphSchema): string {
  return [
    `// Generated from ${schema.package} by \`npm run gen:schema\`: do not edit.`,
    'import type { GraphSchema } from "./graph-schema.js";',
    "",
    `export const GRAPH_SCHEMA: GraphSchema = ${JSON.stringify(schema)};`,
    "",
  ].join("\n");
}

/** A comment's text without its markers (`//`, `/**`, `*`), on one line. */
const commentText = (raw: string) =>
  raw
    .replace(/^\/\/|^\/\*\*?|\*\/$/g, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\*?\s?/, "").trim())
    .join(" ")
    .trim();

/**
 * Microsoft's description of each property of an interface of the installed package (`security.Incident`), its own
 * and its bases': the comment above the property in the declaration file. The docs' field catalogues quote it.
 */
export function propertyDescriptions(name: string, dts = installedTypes().dts): Record<string, string> {
  const file = ts.createSourceFile("microsoft-graph.d.ts", dts, ts.ScriptTarget.Latest, true);
  const decls = declarations(file);
  const described: Record<string, string> = {};
  const visit = (qualified: string) => {
    const decl = decls.get(qualified);
    if (!decl || !ts.isInterfaceDeclaration(decl))
      throw new Error(`microsoft-graph.d.ts has no interface ${qualified}`);
    const scope = qualified.startsWith("security.") ? "security." : "";
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member)) continue;
      const ranges = ts.getLeadingCommentRanges(file.text, member.getFullStart()) ?? [];
      const last = ranges.at(-1);
      const key = member.name.getText(file);
      if (last && !(key in described)) described[key] = commentText(file.text.slice(last.pos, last.end));
    }
    for (const base of (decl.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression))) {
      const local = ts.isPropertyAccessExpression(base) ? base.name.text : base.getText(file);
      visit(decls.has(scope + local) && !ts.isPropertyAccessExpression(base) ? scope + local : local);
    }
  };
  visit(name);
  return described;
}
