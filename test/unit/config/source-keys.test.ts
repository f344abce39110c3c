import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";

const minimal = {
  source: {
    api: "siem",
    region: "eu",
    tenantId: "00000000-0000-0000-0000-000000000000",
    clientId: "00000000-0000-0000-0000-000000000000",
    clientSecret: "x",
  },
  output: { transport: "stdout" },
};

describe("source keys of the API client", () => {
  it("have defaults", () => {
    const parsed = configSchema.parse(minimal);
    expect(parsed.source).toMatchObject({
      connectTimeout: 10_000,
      maxRetries: 5,
      maxRetryWait: 300_000,
      splitAbove: 10_000,
    });
  });

  it("are bounded, with a clear message", () => {
    const result = configSchema.safeParse({
      ...minimal,
      source: { ...minimal.source, maxRetries: 99, splitAbove: "10" },
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("source.maxRetries: expected an integer from 0 to 20");
    expect(messages).toContain("source.splitAbove: expected an integer from 100 to 1000000");
  });
});
