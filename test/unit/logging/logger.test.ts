import { describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { createLogger } from "../../../src/logging/logger.js";

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
});
