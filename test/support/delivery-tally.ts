/**
 * Counts what a receiver got against what the API held, message by message. A record counts as received only when
 * its whole, exact message arrived: a message cut short by a connection loss is "unmatched", never "received".
 */
import type { Config } from "../../src/config/config.js";
import { headerOverhead } from "../../src/formats/syslog-header.js";
import { loadConfiguredMapping } from "../../src/mapping/load.js";
import type { Rsyslog, RsyslogOutput } from "./rsyslog.js";

/** The message each record must arrive as (the payload after the syslog header), and the record's identity. */
export type ExpectedMessages = Map<string, string>;

export interface Tally {
  /** Records the API held. */
  sent: number;
  /** Complete expected messages that arrived, repeats included. */
  received: number;
  distinct: number;
  lost: number;
  duplicated: number;
  /** Lines that are no expected message: cut by a connection loss, or never sent by the API. */
  unmatched: number;
}

/**
 * Encodes `records` as the configured forwarder does for its first tenant (the only one without `tenants:`), for the
 * exact comparison; the identity is the SIEM FullId.
 */
export async function expectedMessages(
  config: Config,
  records: readonly Record<string, unknown>[],
): Promise<ExpectedMessages> {
  const mapping = await loadConfiguredMapping(config);
  const maxBytes = config.output.maxMessageBytes - headerOverhead(config.output);
  const [first] = config.tenants;
  const tenant = first && { name: first.name, id: first.source.tenantId };
  return new Map(records.map((r) => [mapping.encode(r, maxBytes, tenant).text, String(r.FullId)]));
}

export function tally(expected: ExpectedMessages, lines: readonly string[]): Tally {
  const counts = new Map<string, number>();
  let unmatched = 0;
  for (const line of lines) {
    const at = line.search(/(?:CEF|LEEF):/);
    const identity = at < 0 ? undefined : expected.get(line.slice(at));
    if (identity === undefined) unmatched++;
    else counts.set(identity, (counts.get(identity) ?? 0) + 1);
  }
  const received = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return {
    sent: expected.size,
    received,
    distinct: counts.size,
    lost: expected.size - counts.size,
    duplicated: received - counts.size,
    unmatched,
  };
}

/** Waits until every expected message arrived (or `timeoutMs` passed), lets late repeats land, then counts. */
export async function waitForTally(
  rsyslog: Rsyslog,
  output: RsyslogOutput,
  expected: ExpectedMessages,
  timeoutMs = 30_000,
): Promise<Tally> {
  await rsyslog
    .waitUntil(output, (lines) => tally(expected, lines).distinct >= expected.size, timeoutMs)
    .catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return tally(expected, await rsyslog.waitForLines(output, 0));
}
