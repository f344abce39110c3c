/** `npm run gen:guide-tables`: rewrites the generated tables of the SIEM guides (scripts/guide-tables.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { GUIDE_TABLES, withTable } from "./guide-tables.js";

for (const table of GUIDE_TABLES()) {
  const path = fileURLToPath(table.doc);
  const text = withTable(readFileSync(path, "utf8"), table);
  writeFileSync(path, await format(text, { ...(await resolveConfig(path)), filepath: path }));
  console.log(`wrote the ${table.name} table of ${path}`);
}
