/** `npm run gen:man`: writes man/mde-forwarder.1 and man/mde-forwarder.yaml.5 (scripts/man-pages.ts). */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MAN_DIR, manPages } from "./man-pages.js";

mkdirSync(MAN_DIR, { recursive: true });
for (const [name, text] of Object.entries(await manPages())) {
  const file = new URL(name, MAN_DIR);
  writeFileSync(file, text);
  console.log(`wrote ${fileURLToPath(file)}`);
}
