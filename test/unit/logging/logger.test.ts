import { describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { createLogger } from "../../../src/logging/logger.js";
import { AppError } from "../../../src/errors.js";

describe("logger", () => {
  it("writes JSON lines with the level's name and redacts secrets by key and by type, at any depth", () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      stream: "stdout",
      destination: { write: (line: string) => void lines.push(line) },
    });
    logger.info(
      {
        clientSecret: "s3cret-1",
        request: { headers: { authorization: "Bearer eyJ-token" }, body: { client_secret: "s3cret-2" } },
        credential: { secret: new Secret("s3cret-3") },
        access_token: "eyJ-token-2",
      },
      "token request",
    );
    logger.debug("not written at info");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "info", msg: "token request", name: "mde-forwarder" });
    for (const secret of ["s3cret-1", "s3cret-2", "s3cret-3", "eyJ-token"]) expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain("[redacted]");
  });

  describe("errors in log lines", () => {
    const failure = () =>
      new AppError(
        "E_CONNECT",
        "tcp siem.example:514: connection refused",
        undefined,
        { destination: "x" },
        {
          cause: new Error("connect ECONNREFUSED"),
        },
      );
    const logged = (options: { level: "info" | "debug"; stacks?: boolean }) => {
      const lines: string[] = [];
      const logger = createLogger({
        ...options,
        stream: "stdout",
        destination: { write: (line: string) => void lines.push(line) },
      });
      logger.error({ err: failure() }, "poll cycle failed");
      return JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    };

    it("carry the message and the code, no stack, at info", () => {
      const { err } = logged({ level: "info" });
      expect(err).toMatchObject({ type: "AppError", code: "E_CONNECT", exitCode: 1 });
      expect(err.message).toContain("tcp siem.example:514: connection refused");
      expect(JSON.stringify(err)).not.toMatch(/\n\s+at /);
      expect(err).not.toHaveProperty("stack");
    });

    it("carry the stacks, the cause's too, at debug or with --verbose", () => {
      for (const options of [{ level: "debug" as const }, { level: "info" as const, stacks: true }]) {
        const { err } = logged(options);
        expect(err.stack).toMatch(/^AppError: tcp siem.example:514: connection refused\n\s+at /);
        expect(err.code).toBe("E_CONNECT");
      }
    });
  });
});
