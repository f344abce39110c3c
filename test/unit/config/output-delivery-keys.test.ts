import { describe, expect, it } from "vitest";
import { normalize } from "../../../src/config/normalize.js";
import { configSchema } from "../../../src/config/schema.js";
import { Secret } from "../../../src/config/secret.js";

const source = {
  api: "siem",
  tenantId: "contoso.onmicrosoft.com",
  clientId: "00000000-0000-0000-0000-000000000000",
  clientSecret: "s",
  region: "eu",
};
const ctx = { file: "c.yaml", configDir: "/etc/mde", cwd: "/", env: {}, hostname: "collector01" };

function output(o: Record<string, unknown>) {
  const parsed = configSchema.safeParse({ source, output: { transport: "tcp", host: "siem", ...o } });
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  return { output: normalize(parsed.data, { kind: "secret", secret: new Secret("s") }, ctx).output };
}

describe("output delivery keys", () => {
  it("have defaults: severity info, timeouts, backoff, retries, queue and resend bounds", () => {
    expect(output({}).output).toMatchObject({
      severity: 6,
      connectTimeout: 10_000,
      writeTimeout: 30_000,
      reconnectDelay: 500,
      maxReconnectDelay: 30_000,
      retries: 8,
      queueMessages: 10_000,
      queueBytes: 16_777_216,
      resendBytes: 8_388_608,
      framing: "lf",
      port: 514,
    });
  });

  it("take a severity name, a number or event", () => {
    expect(output({ severity: "warning" }).output?.severity).toBe(4);
    expect(output({ severity: "0" }).output?.severity).toBe(0);
    expect(output({ severity: "event" }).output?.severity).toBe("event");
    expect(output({ severity: 8 }).problems?.[0]).toMatch(
      /^output\.severity: expected event .* or a number from 0 to 7$/,
    );
  });

  it("take durations and refuse a maximum reconnect delay below the first", () => {
    expect(output({ connectTimeout: "PT2S", reconnectDelay: "PT0.05S" }).output).toMatchObject({
      connectTimeout: 2000,
      reconnectDelay: 50,
    });
    expect(output({ reconnectDelay: "PT1M", maxReconnectDelay: "PT10S" }).problems).toEqual([
      "output.maxReconnectDelay: must be at least output.reconnectDelay (PT1M)",
    ]);
  });
});
