/**
 * Response elements → the records the pipeline can use. An element that is not valid JSON or lacks what the pipeline
 * cannot do without (an identity, a readable time) is reported, counted and skipped: one bad record never stops the
 * rest.
 */
import type { Metrics } from "../../health/metrics.js";
import type { Logger } from "../../logging/logger.js";
import type { SourceRecord } from "../source.js";
import type { ArrayElement } from "./json-array.js";

export type SkipReason = "not-an-object" | "no-identity" | "bad-time";
export type Checked = { record: SourceRecord } | { skip: SkipReason; detail: string };

/** Enough examples to diagnose a bad response without flooding the log with thousands of lines. */
const REPORTED_PER_RESPONSE = 10;

export interface RecordCollector {
  add(element: ArrayElement): void;
  /** The valid records of the response, in the order received. */
  finish(): SourceRecord[];
}

/** Collects one response's records; `api` names the API in messages ("SIEM", "Alerts", "Graph"). */
export function recordCollector(
  api: string,
  check: (value: unknown) => Checked,
  deps: { logger: Logger; metrics: Metrics },
): RecordCollector {
  const records: SourceRecord[] = [];
  let index = 0;
  let skipped = 0;
  const skip = (reason: string, detail: string) => {
    deps.metrics.recordsSkipped.inc({ reason });
    if (skipped++ < REPORTED_PER_RESPONSE)
      deps.logger.warn({ reason, index }, `skipped a malformed ${api} record (#${index}): ${detail}`);
  };
  return {
    add(element) {
      if ("tooLarge" in element) {
        // Not capped like the malformed: each one is a record the SIEM will not get, to be looked up by its id.
        deps.metrics.recordsSkipped.inc({ reason: "too-large" });
        deps.logger.warn(
          { reason: "too-large", index, id: element.id ?? null, bytes: element.tooLarge },
          `skipped a ${api} record of ${element.tooLarge} bytes (#${index}, id ${element.id ?? "not found"}): larger than source.maxRecordBytes`,
        );
      } else if ("invalid" in element) {
        skip("invalid-json", element.invalid);
      } else {
        const checked = check(element.value);
        if ("skip" in checked) skip(checked.skip, checked.detail);
        else records.push(checked.record);
      }
      index++;
    },
    finish() {
      if (skipped > REPORTED_PER_RESPONSE)
        deps.logger.warn({ skipped }, `skipped ${skipped} malformed ${api} records in one response`);
      return records;
    },
  };
}

/** Why a value is not an object, for a skip's detail. */
export function notAnObject(value: unknown): Checked | undefined {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return undefined;
  return {
    skip: "not-an-object",
    detail: `expected an object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`,
  };
}
