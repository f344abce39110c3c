/** `npm run gen:config-docs`: writes docs/configuration.md from the configuration schema. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CONFIGURATION_DOC, configurationReference } from "./config-reference.js";

writeFileSync(CONFIGURATION_DOC, configurationReference());
console.log(`wrote ${fileURLToPath(CONFIGURATION_DOC)}`);
