import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/health/metrics.js";
import { readiness, type Readiness } from "../../../src/health/readiness.js";
import { buildHealthServer } from "../../../src/health/server.js";

const MIN = 60_000;

describe("readiness", () => {
  const now = 10 * MIN;
  it("is ready when the last cycle succeeded within two intervals", () => {
    expect(readiness({ lastSuccess: now - 90_000 }, now, MIN)).toEqual({ ready: true });
  });
  it("says why it is not ready", () => {
    expect(readiness({}, now, MIN)).toEqual({
      ready: false,
      reason: "starting: the first poll cycle has not finished yet",
    });
    expect(readiness({ lastSuccess: now - 5 * MIN }, now, MIN)).toEqual({
      ready: false,
      reason: "no successful poll cycle for 300 s (allowed: 120 s)",
    });
    expect(
      readiness({ lastSuccess: now - MIN, lastError: { at: now - 1000, message: "receiver unreachable" } }, now, MIN),
    ).toEqual({
      ready: false,
      reason: "last poll cycle failed: receiver unreachable",
    });
  });
  it("a success after a failure is ready again", () => {
    expect(readiness({ lastSuccess: now - 1000, lastError: { at: now - MIN, message: "x" } }, now, MIN)).toEqual({
      ready: true,
    });
  });
});

describe("health server", () => {
  const build = (state: Readiness) => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.recordsSent.inc(42);
    return buildHealthServer({
      metrics,
      readiness: () => state,
      status: () => ({ checkpoint: "2026-11-26T12:00:00.000Z" }),
    });
  };

  it("answers /healthz, /readyz, /metrics and /status", async () => {
    const app = build({ ready: true });
    expect((await app.inject("/healthz")).statusCode).toBe(200);
    expect((await app.inject("/readyz")).json()).toEqual({ status: "ready" });
    const metrics = await app.inject("/metrics");
    expect(metrics.headers["content-type"]).toContain("text/plain");
    expect(metrics.body).toContain("mdefwd_records_sent_total 42");
    expect((await app.inject("/status")).json()).toEqual({ checkpoint: "2026-11-26T12:00:00.000Z" });
  });

  it("/readyz is 503 with the reason", async () => {
    const response = await build({ ready: false, reason: "token: AADSTS7000222 secret expired" }).inject("/readyz");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "not ready", reason: "token: AADSTS7000222 secret expired" });
  });
});
