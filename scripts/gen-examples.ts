/** npm run gen:examples: writes examples/ from what `init` writes (scripts/examples.ts). */
import { writeFileSync } from "node:fs";
import { EXAMPLES_DIR, examples } from "./examples.js";

for (const [file, text] of Object.entries(examples())) writeFileSync(new URL(file, EXAMPLES_DIR), text);
