/** `run` whose health address another process holds: one coded line naming it, and exit 2 (systemd: no restart). */
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { startDaemon } from "../../../src/daemon.js";
import { Metrics } from "../../../src/health/metrics.js";
import { createLogger } from "../../../src/logging/logger.js";
import { runCli } from "../../support/cli.js";
import { tempDir, tempFiles } from "../../support/temp.js";

describe("health.listen in use", () => {
  const holder = createServer();
  let port: number;
  beforeAll(async () => {
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => holder.close());

  it("is E_HEALTH_LISTEN: one line naming the address and health.listen, exit 2", async () => {
    const dir = tempFiles({
      "c.yaml": `source:
  api: graph
  tenantId: contoso.onmicrosoft.com
  clientId: 66666666-7777-8888-9999-000000000000
  clientSecret: \${MDE_CLIENT_SECRET}
output:
  transport: stdout
state:
  dir: ${JSON.stringify(tempDir())}
health:
  listen: 127.0.0.1:${port}
`,
    });
    const file = join(dir, "c.yaml");
    const env = { MDE_CLIENT_SECRET: "s3cret" };
    const logger = createLogger({ level: "silent", stream: "stderr" });
    await expect(startDaemon(await loadConfig(file, env), { logger, metrics: new Metrics() })).rejects.toMatchObject({
      code: "E_HEALTH_LISTEN",
      exitCode: 2,
      data: { address: `127.0.0.1:${port}`, errno: "EADDRINUSE" },
    });
    const { code, stderr } = await runCli(["run", "-c", file], env);
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr:
        `${file}: health.listen 127.0.0.1:${port} is in use by another process (another mde-forwarder instance?): ` +
        "set health.listen to a free port, or off\n",
    });
  });
});
