/**
 * `messagePer: evidence`: one record per evidence item instead of one per alert. Each keeps every field of the alert,
 * with `evidence` holding that one item, so a mapping written for whole alerts (`evidence[0].sha1`,
 * `evidence[entityType=File].sha1`) reads the item as it is; `evidenceIndex` and `evidenceCount` say which item it is.
 * The identity adds the index, so each item is de-duplicated on its own.
 */
import type { SourceRecord } from "../source.js";

/** The fields each record gets, for the catalogue mappings are checked against. */
export const PER_EVIDENCE = ["evidenceIndex", "evidenceCount"];

export function perEvidence(alert: SourceRecord): SourceRecord[] {
  const evidence = alert.record.evidence;
  if (!Array.isArray(evidence) || evidence.length === 0) return [alert];
  return evidence.map((item: unknown, i) => ({
    record: { ...alert.record, evidence: [item], evidenceIndex: i, evidenceCount: evidence.length },
    identity: `${alert.identity}#${i}`,
    time: alert.time,
  }));
}
