/**
 * The commonest output mistake, against a real rsyslog: `transport: tcp` aimed at its TLS port, and `transport: tls`
 * aimed at its plain TCP port. The poll fails with one line naming the likely cause, the checkpoint does not move
 * over the records, and once the operator sets the right transport every record arrives exactly once.
 */
import { describe, expect, it } from "vitest";
import { CycleFailure } from "../../../src/pipeline/cycle.js";
import { siemRecords, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { StateStore } from "../../../src/state/store.js";
import { expectedMessages, waitForTally } from "../../support/delivery-tally.js";
import { inProcessForwarder } from "../../support/forwarder-setup.js";
import { useRsyslogWithCerts } from "../../support/rsyslog-fixture.js";
import type { RsyslogOutput } from "../../support/rsyslog.js";
import { tempDir } from "../../support/temp.js";

const MIN = 60_000;
const env = useRsyslogWithCerts();

async function wrongThenRight(wrong: string, right: string, file: RsyslogOutput, message: RegExp) {
  const sim: Simulator = await startSimulator({ ratePerMinute: 0, now: Date.now() });
  try {
    const records = sim.tenant.addRecords(50, Date.now() - 30 * MIN, Date.now() - MIN).flatMap((a) => siemRecords(a));
    const stateDir = tempDir();
    const setup = { sim, rsyslog: env.rsyslog, stateDir };
    const misconfigured = await inProcessForwarder({ ...setup, output: wrong });
    const failure = await misconfigured.forwarder.cycle().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CycleFailure);
    expect((failure as CycleFailure).message).toMatch(message);
    await misconfigured.close(2000);
    const state = await StateStore.peek(stateDir, { api: "siem", tenantId: sim.tenantId });
    // Empty pieces of the window before the first record may be passed over; no record is.
    const earliest = Math.min(...records.map((r) => Date.parse(String(r.LastProcessedTimeUtc))));
    expect(state.checkpoint ?? 0).toBeLessThanOrEqual(earliest);
    expect(state.delivered.size).toBe(0);

    const fixed = await inProcessForwarder({ ...setup, output: right });
    await fixed.forwarder.cycle();
    await fixed.close(2000);
    const tally = await waitForTally(env.rsyslog, file, await expectedMessages(fixed.config, records));
    expect({ lost: tally.lost, duplicated: tally.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(tally.distinct).toBe(records.length);
  } finally {
    await sim.close();
  }
}

describe("the wrong transport for the receiver's port", () => {
  it("transport: tcp on a TLS port: the receiver closes each connection, the poll fails saying so; tls fixes it", async () => {
    const { certs, rsyslog } = env;
    await wrongThenRight(
      `  transport: tcp\n  port: ${rsyslog.ports.tls}`,
      `  transport: tls\n  port: ${rsyslog.ports.tls}\n  tls: { ca: ${certs.ca} }`,
      "tls",
      /^tcp 127\.0\.0\.1:\d+: the receiver closes the connection after the first message \(3 in a row\): is this a TLS port\? set `transport: tls`$/,
    );
  });

  it("transport: tls on a plain TCP port: the handshake does not complete, the poll says so; tcp fixes it", async () => {
    const { certs, rsyslog } = env;
    await wrongThenRight(
      `  transport: tls\n  port: ${rsyslog.ports.tcp}\n  tls: { ca: ${certs.ca} }\n  connectTimeout: PT1S\n  retries: 1`,
      `  transport: tcp\n  port: ${rsyslog.ports.tcp}`,
      "tcp",
      /TLS to 127\.0\.0\.1:\d+: TCP connected but the TLS handshake did not complete within 1s: is this a plain TCP port\?$/,
    );
  });
});
