/** The file output appends one message per line and survives logrotate by reopening; stdout writes lines. */
import { mkdtemp, readFile, rename, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createStdoutTransport } from "../../../src/transports/stdout/transport.js";
import { createTransport } from "../../../src/transports/registry.js";
import { HOSTILE } from "../../support/hostile-messages.js";
import { outputConfig, transportDeps } from "../../support/transport.js";

const NOW = new Date("2024-11-06T03:04:05Z");
const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ payload: `LEEF:1.0|Microsoft|MDE|2.0|A|n=${from + i}` }));

describe("file output", () => {
  it("appends one message per line, and after logrotate moves the file, reopen starts a new one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mdefwd-file-"));
    const path = join(dir, "out.log");
    const transport = createTransport(
      outputConfig({ transport: "file", path, header: "none" }),
      transportDeps(() => NOW),
    );
    await transport.send(lines(0, 2));
    await transport.send(HOSTILE.slice(0, 1));
    await rename(path, `${path}.1`);
    await transport.send(lines(2, 1));
    await transport.reopen!();
    await transport.send(lines(3, 1));
    await transport.close();
    const rotated = await readFile(`${path}.1`, "utf8");
    expect(rotated).toBe(
      `${["n=0", "n=1"].map((n) => `LEEF:1.0|Microsoft|MDE|2.0|A|${n}`).join("\n")}\n${HOSTILE[0]!.payload.replaceAll("\n", " ")}\nLEEF:1.0|Microsoft|MDE|2.0|A|n=2\n`,
    );
    expect(await readFile(path, "utf8")).toBe("LEEF:1.0|Microsoft|MDE|2.0|A|n=3\n");
  });

  it("creates the file 0600 whatever the umask: the messages are the tenant's alerts", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "mdefwd-file-")), "out.log");
    const previous = process.umask(0o022);
    try {
      const transport = createTransport(
        outputConfig({ transport: "file", path, header: "none" }),
        transportDeps(() => NOW),
      );
      await transport.send(lines(0, 1));
      await transport.close();
    } finally {
      process.umask(previous);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("rejects with a clear error when the file cannot be written, and recovers when it can", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mdefwd-file-"));
    const transport = createTransport(
      outputConfig({ transport: "file", path: join(dir, "missing", "out.log") }),
      transportDeps(),
    );
    await expect(transport.send(lines(0, 1))).rejects.toMatchObject({
      code: "E_DELIVERY",
      message: expect.stringMatching(/^cannot write .*out\.log: ENOENT/) as string,
    });
    expect(transport.status()).toMatchObject({
      connected: false,
      lastError: expect.stringMatching(/ENOENT/) as string,
    });
    await transport.close();
  });
});

describe("stdout output", () => {
  it("writes each message with its header on one line", async () => {
    const stdout = new PassThrough();
    const chunks: string[] = [];
    stdout.on("data", (c: Buffer) => chunks.push(c.toString()));
    const transport = createStdoutTransport(outputConfig({ transport: "stdout", header: "rfc3164" }), {
      ...transportDeps(() => NOW),
      stdout,
    });
    await transport.send(lines(0, 2));
    await transport.close();
    expect(chunks.join("")).toBe(
      "<134>Nov  6 03:04:05 collector01 mde-forwarder: LEEF:1.0|Microsoft|MDE|2.0|A|n=0\n<134>Nov  6 03:04:05 collector01 mde-forwarder: LEEF:1.0|Microsoft|MDE|2.0|A|n=1\n",
    );
  });
});
