import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIGURATION_DOC, configurationReference } from "../../../scripts/config-reference.js";
import { TRANSPORTS } from "../../../src/transports/registry.js";

describe("docs/configuration.md", () => {
  it("is what npm run gen:config-docs writes from the schema", () => {
    expect(readFileSync(CONFIGURATION_DOC, "utf8")).toBe(configurationReference());
  });

  it("has a table for each transport, with each key's default and description", () => {
    const doc = configurationReference();
    for (const t of TRANSPORTS) expect(doc).toContain(`## output (transport: ${t.name})`);
    expect(doc).toMatch(/\| `output\.connectTimeout` \| ISO 8601 duration PT0\.1S to PT10M \| "PT10S" \| .+ \|/);
  });
});
