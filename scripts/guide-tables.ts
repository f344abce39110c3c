/**
 * The tables of the SIEM guides that the code already knows, generated so that they cannot drift from it: the firewall
 * table of docs/operations.md (each source's hosts per cloud, the login host), the QRadar custom-property table of
 * docs/qradar.md (every key of every built-in LEEF mapping, with its regular expression), and the category tables of
 * docs/qradar.md and docs/arcsight.md (from the QID map and the categorization file in contrib/), and the incident's
 * field catalogue in docs/mapping.md (Microsoft's Graph types and the fields the forwarder adds). Each sits in its
 * document between two markers; `npm run gen:guide-tables` rewrites what is between them and a test compares.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { loginHost } from "../src/auth/endpoint.js";
import { CLOUDS } from "../src/sources/options.js";
import { ADDED_FIELDS } from "../src/sources/incidents/messages.js";
import { SOURCES } from "../src/sources/registry.js";
import type { FieldType } from "../src/sources/shared/graph-schema.js";
import { GRAPH_SCHEMA } from "../src/sources/shared/graph-schema.generated.js";
import { propertyDescriptions } from "./graph-schema.js";

export interface Table {
  doc: URL;
  /** The marker's name: `<!-- BEGIN generated NAME -->` … `<!-- END generated NAME -->`. */
  name: string;
  header: string[];
  rows: string[][];
}

const MAPPINGS = new URL("../mappings/", import.meta.url);
const code = (text: string) => `\`${text}\``;

/** What each API is called in the guides. */
const API_TITLES: Record<string, string> = {
  siem: "SIEM API (`siem`)",
  alerts: "Alerts API (`alerts`)",
  graph: "Graph alerts_v2 (`graph`)",
  incidents: "Graph incidents (`incidents`)",
};

export function firewallTable(): Table {
  const rows = SOURCES.flatMap((source) =>
    CLOUDS.map((cloud) => [
      API_TITLES[source.name] ?? code(source.name),
      code(cloud),
      code(loginHost(cloud)),
      source.hosts(cloud).map(code).join(", "),
      "443 (HTTPS)",
    ]),
  );
  return {
    doc: new URL("../docs/operations.md", import.meta.url),
    name: "firewall",
    header: ["API", "cloud", "login host (token)", "API host", "port"],
    rows,
  };
}

interface LeefMapping {
  name: string;
  fields: Record<string, unknown>;
}

function leefMappings(): LeefMapping[] {
  return readdirSync(MAPPINGS)
    .filter((f) => f.endsWith("-leef.yaml"))
    .sort()
    .map((f) => {
      const doc = parse(readFileSync(new URL(f, MAPPINGS), "utf8")) as { fields: Record<string, unknown> };
      return { name: f.slice(0, -".yaml".length), fields: doc.fields };
    });
}

/** IBM's predefined LEEF attributes, which QRadar normalizes itself: no custom property needed. */
const PREDEFINED: Record<string, string> = {
  devTime: "Start Time (normalized)",
  cat: "category of the QID map (normalized)",
  sev: "Severity (normalized)",
  src: "Source IP (normalized)",
  usrName: "Username (normalized)",
  domain: "domain (normalized)",
  url: "URL (normalized)",
};

function kindOf(spec: unknown): string {
  const type = typeof spec === "object" && spec !== null ? (spec as { type?: string }).type : undefined;
  if (type === "epochMillis") return "date (epoch ms)";
  if (type === "int" || type === "boolInt") return "number";
  return "text";
}

/**
 * The regular expression of a LEEF 1.0 key: the key's name after a TAB, its value up to the next TAB. A value never
 * holds a TAB (the encoder turns one into a space), so `\tKey=` only matches where an attribute starts, never inside
 * a command line that spells out `Key=`. The first attribute follows the header's `|` instead (written `\x7C`, which
 * needs no escaping in a Markdown table): it is always `devTime`.
 */
export const leefRegex = (key: string, first: boolean) => `${first ? "\\x7C" : "\\t"}${key}=([^\\t]*)`;

export function leefPropertyTable(): Table {
  const mappings = leefMappings();
  const keys = [...new Set(mappings.flatMap((m) => Object.keys(m.fields)))];
  const rows = keys.map((key) => {
    const carriers = mappings.filter((m) => key in m.fields);
    const first = carriers.every((m) => Object.keys(m.fields)[0] === key);
    const kinds = [...new Set(carriers.map((m) => kindOf(m.fields[key])))].join(", ");
    return [
      code(key),
      code(leefRegex(key, first)),
      PREDEFINED[key] ?? kinds,
      carriers.map((m) => m.name.replace(/-leef$/, "")).join(", "),
    ];
  });
  return {
    doc: new URL("../docs/qradar.md", import.meta.url),
    name: "leef-properties",
    header: ["LEEF key", "regular expression (capture group 1)", "QRadar field, or property type", "mappings"],
    rows,
  };
}

/** A CSV file of contrib/ without quoting (none of its values holds a comma): its header and its rows. */
export function csvOf(path: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readFileSync(new URL(`../contrib/${path}`, import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(","));
  return { header: header!, rows };
}

/** The QRadar categories of each event ID, from the file the QID map is built from. */
export function qidMapTable(): Table {
  const { rows } = csvOf("qradar/defender-qid-map.csv");
  return {
    doc: new URL("../docs/qradar.md", import.meta.url),
    name: "qid-map",
    header: ["EventID", "QRadar high-level category", "low-level category (ID)", "QID severity"],
    rows: rows.map(([id, , severity, lowId, low, high]) => [code(id!), high!, `${low!} (${lowId!})`, severity!]),
  };
}

/** The ArcSight categories of each Device Event Class ID, from the categorization file. */
export function categorizationTable(): Table {
  const { header, rows } = csvOf("arcsight/microsoft_defender_atp.csv");
  return {
    doc: new URL("../docs/arcsight.md", import.meta.url),
    name: "categorization",
    header: ["Device Event Class ID", ...header.slice(1).map((h) => h.replace("set.event.", ""))],
    rows: rows.map(([id, ...categories]) => [code(id!), ...categories]),
  };
}

/** What each field the incidents source adds holds (src/sources/incidents/messages.ts computes them). */
const ADDED_MEANINGS: Record<string, [type: string, meaning: string]> = {
  alertCount: ["number", "how many alerts the incident has (all of them, also with `messagePer: alert`)"],
  alertIndex: ["number", "with `messagePer: alert`: which of the incident's alerts the message carries, from 0"],
  alertsResolvedDateTime: [
    "string",
    "when the last of its alerts was resolved, once all are (Graph's incident has no resolution time)",
  ],
  lastComment: ["string", "the comment written last (by its `createdDateTime`, else its place in `comments`)"],
  lastCommentBy: ["string", "that comment's `createdByDisplayName`"],
  alertIds: ["string, list", "the ids of the alerts the message carries"],
  alertTitles: ["string, list", "their titles, each once"],
  alertSeverities: ["string, list", "their severities, each once"],
  alertServiceSources: ["string, list", "their products (`serviceSource`), each once"],
  alertMitreTechniques: ["string, list", "their MITRE ATT&CK techniques, each once"],
  alertDevices: [
    "string, list",
    "the devices of their device evidence (`deviceDnsName`, else `hostName`, else `mdeDeviceId`), each once",
  ],
  alertUsers: [
    "string, list",
    "the users of their user evidence (`userPrincipalName`, else `DOMAIN\\account`), each once",
  ],
};

const schemaType = (t: FieldType) => (t.list ? `${t.type}, list` : t.type);

/**
 * The fields a mapping of the incidents source can read: the incident of Microsoft's Graph types (each property with
 * its type, the values its enum declares and Microsoft's description of it), then the fields the forwarder adds.
 */
export function incidentFieldsTable(): Table {
  const added = ADDED_FIELDS.map((f) => f.replace(/\[\]$/, ""));
  const unexplained = added.filter((f) => !(f in ADDED_MEANINGS));
  const stale = Object.keys(ADDED_MEANINGS).filter((f) => !added.includes(f));
  if (unexplained.length || stale.length)
    throw new Error(
      `ADDED_MEANINGS lacks ${unexplained.join(", ") || "nothing"}, has stale ${stale.join(", ") || "-"}`,
    );
  const described = propertyDescriptions(GRAPH_SCHEMA.incident);
  const schema = Object.entries(GRAPH_SCHEMA.types[GRAPH_SCHEMA.incident]!.properties)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, type]) => [
      code(name),
      code(schemaType(type)),
      type.enum ? (GRAPH_SCHEMA.enums[type.enum] ?? []).map(code).join(", ") : "",
      described[name] ?? "",
    ]);
  const ours = added.map((name) => [
    code(name),
    code(ADDED_MEANINGS[name]![0]),
    "",
    `_forwarder_: ${ADDED_MEANINGS[name]![1]}`,
  ]);
  return {
    doc: new URL("../docs/mapping.md", import.meta.url),
    name: "incident-fields",
    header: [
      "field",
      "type",
      "values the schema declares",
      "what it holds (Microsoft's description, or the forwarder's)",
    ],
    rows: [...schema, ...ours],
  };
}

export const GUIDE_TABLES = (): Table[] => [
  firewallTable(),
  leefPropertyTable(),
  qidMapTable(),
  categorizationTable(),
  incidentFieldsTable(),
];

const begin = (name: string) => `<!-- BEGIN generated ${name}: npm run gen:guide-tables -->`;
const end = (name: string) => `<!-- END generated ${name} -->`;

/** A Markdown table; `|` inside a cell is escaped, as GitHub's Markdown wants it. */
export function markdownTable(table: Pick<Table, "header" | "rows">): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(table.header), line(table.header.map(() => "---")), ...table.rows.map(line)].join("\n");
}

/** The document with the table between its markers replaced. */
export function withTable(text: string, table: Table): string {
  const [from, to] = [text.indexOf(begin(table.name)), text.indexOf(end(table.name))];
  if (from < 0 || to < from) throw new Error(`${table.doc.pathname}: no markers for the ${table.name} table`);
  return `${text.slice(0, from)}${begin(table.name)}\n\n${markdownTable(table)}\n\n${text.slice(to)}`;
}

/** The rows a document holds between a table's markers, each cell trimmed and unescaped. */
export function rowsIn(text: string, name: string): string[][] {
  const [from, to] = [text.indexOf(begin(name)), text.indexOf(end(name))];
  if (from < 0 || to < from) return [];
  return text
    .slice(from, to)
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replaceAll("\\|", "|")),
    );
}
