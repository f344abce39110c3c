/** One SIEM API response body → its valid records; malformed ones are reported, counted and skipped. */
import type { Metrics } from "../../health/metrics.js";
import type { Logger } from "../../logging/logger.js";
import { jsonArrayElements } from "../shared/json-array.js";
import type { SourceRecord } from "../source.js";
import { checkRecord } from "./records.js";

/** Enough examples to diagnose a bad response without flooding the log with thousands of lines. */
const REPORTED_PER_RESPONSE = 10;

export async function readRecords(body: AsyncIterable<Buffer>, deps: { logger: Logger; metrics: Metrics }): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  let index = 0;
  let skipped = 0;
  const skip = (reason: string, detail: string) => {
    deps.metrics.recordsSkipped.inc({ reason });
    if (skipped++ < REPORTED_PER_RESPONSE) deps.logger.warn({ reason, index }, `skipped a malformed SIEM record (#${index}): ${detail}`);
  };
  for await (const element of jsonArrayElements(body)) {
    if ("invalid" in element) {
      skip("invalid-json", element.invalid);
    } else {
      const checked = checkRecord(element.value);
      if ("skip" in checked) skip(checked.skip, checked.detail);
      else records.push(checked.record);
    }
    index++;
  }
  if (skipped > REPORTED_PER_RESPONSE) deps.logger.warn({ skipped }, `skipped ${skipped} malformed SIEM records in one response`);
  return records;
}
