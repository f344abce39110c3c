/**
 * `simulate --host`: beyond loopback, a warning that the /_sim control routes are open to whoever reaches the port.
 * Nothing here listens beyond loopback: 192.0.2.1 (RFC 5737, documentation only) is never a local address, so the
 * warning is printed and the listen then fails, which must be a clear usage error.
 */
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";

const WARNING =
  "is beyond loopback: the /_sim control routes are unauthenticated, and anyone who reaches the port can fake " +
  "faults, move the clock and add alerts; keep the simulator on 127.0.0.1";

describe("simulate --host", () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it("warns beyond loopback, before it listens", async () => {
    expect(await runCli(["simulate", "--host", "192.0.2.1"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `warning: --host 192.0.2.1 ${WARNING}\nsimulate: cannot listen on 192.0.2.1 port 0 (EADDRNOTAVAIL)\n`,
    });
  });

  it.each(["127.0.0.1", "localhost"])("says nothing for %s (the port is taken: a clear error)", async (host) => {
    const { code, stderr } = await runCli(["simulate", "--host", host, "--port", String(port)]);
    expect([code, stderr]).toEqual([2, `simulate: cannot listen on ${host} port ${port} (EADDRINUSE)\n`]);
  });
});
