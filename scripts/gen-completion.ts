/** `npm run gen:completion`: writes completions/mde-forwarder.bash (scripts/completion.ts). */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bashCompletion, COMPLETION_FILE } from "./completion.js";

mkdirSync(new URL(".", COMPLETION_FILE), { recursive: true });
writeFileSync(COMPLETION_FILE, await bashCompletion());
console.log(`wrote ${fileURLToPath(COMPLETION_FILE)}`);
