/**
 * `check --online --test-event`: one synthetic record of the configured API, labelled as a test wherever a SIEM
 * shows it (name, description, ids), encoded with the configured mapping and sent through the configured output.
 */
import type { Config } from "../config/config.js";
import { headerOverhead } from "../formats/syslog-header.js";
import type { Metrics } from "../health/metrics.js";
import type { Logger } from "../logging/logger.js";
import type { CompiledMapping } from "../mapping/mapping.js";
import { sourceNamed } from "../sources/registry.js";
import { createTransport } from "../transports/registry.js";

export const TEST_EVENT_NAME = "mde-forwarder test event";

const TITLE = /^((alert)?title|displayName)$/i;
const DESCRIPTION = /^description$/i;
const IDENTITY = /^(alertid|id|fullid|providerAlertId)$/i;
const SEVERITY = /^severity$/i;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The first built-in sample of the API (Microsoft's documented example), relabelled and dated now, as mapped. */
export function testRecord(api: string, now: Date): Record<string, unknown> {
  const source = sourceNamed(api);
  const [sample] = source.samples;
  const id = `mde-forwarder-test-${now.getTime()}`;
  const relabel = ([key, value]: [string, unknown]): [string, unknown] => {
    if (TITLE.test(key)) return [key, TEST_EVENT_NAME];
    if (DESCRIPTION.test(key))
      return [key, `${TEST_EVENT_NAME}: sent by mde-forwarder check --online --test-event; not a detection`];
    if (IDENTITY.test(key)) return [key, id];
    if (SEVERITY.test(key) && typeof value === "string")
      return [key, value === value.toLowerCase() ? "informational" : "Informational"];
    if (typeof value === "string" && ISO_TIME.test(value)) return [key, now.toISOString()];
    return [key, value];
  };
  const record = Object.fromEntries(Object.entries(sample).map(relabel));
  return source.prepare?.(record) ?? record;
}

/** Sends the test event; resolves with a line saying where it went and how to find it. */
export async function sendTestEvent(
  config: Config,
  mapping: CompiledMapping,
  deps: { logger: Logger; metrics: Metrics },
): Promise<string> {
  const now = new Date();
  const { text, severity } = mapping.encode(
    testRecord(config.source.api, now),
    config.output.maxMessageBytes - headerOverhead(config.output),
  );
  const transport = createTransport(config.output, deps);
  let unsure: unknown[] = [];
  try {
    await transport.send([{ payload: text, severity, time: now, ref: TEST_EVENT_NAME }]);
  } finally {
    unsure = await transport.close();
  }
  const bytes = Buffer.byteLength(text);
  const destination = transport.status().destination;
  const unconfirmed =
    config.output.transport === "udp"
      ? " (UDP cannot confirm arrival)"
      : unsure.length
        ? " (the receiver did not close the connection cleanly after it: arrival is not confirmed)"
        : "";
  return `sent to ${destination}${unconfirmed}, ${mapping.format} ${bytes} bytes: look for "${TEST_EVENT_NAME}" in the SIEM`;
}
