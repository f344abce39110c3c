/** One SIEM API response body → its valid records; malformed ones are reported, counted and skipped. */
import type { Metrics } from "../../health/metrics.js";
import type { Logger } from "../../logging/logger.js";
import { jsonArrayElements } from "../shared/json-array.js";
import { recordCollector } from "../shared/records.js";
import type { SourceRecord } from "../source.js";
import { checkRecord } from "./records.js";

export async function readRecords(
  body: AsyncIterable<Buffer>,
  deps: { logger: Logger; metrics: Metrics },
  maxRecordBytes: number,
): Promise<SourceRecord[]> {
  const collector = recordCollector("SIEM", checkRecord, deps);
  for await (const element of jsonArrayElements(body, maxRecordBytes)) collector.add(element);
  return collector.finish();
}
