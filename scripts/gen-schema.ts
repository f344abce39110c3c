/**
 * `npm run gen:schema`: writes src/sources/shared/graph-schema.generated.ts from the installed
 * `@microsoft/microsoft-graph-types` (pinned in package.json). Run it after changing that version.
 */
import { writeFileSync } from "node:fs";
import { GRAPH_SCHEMA_FILE, readGraphSchema } from "./graph-schema.js";

writeFileSync(GRAPH_SCHEMA_FILE, await readGraphSchema());
console.log(`wrote ${GRAPH_SCHEMA_FILE}`);
