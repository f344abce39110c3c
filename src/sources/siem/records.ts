/**
 * SIEM API records checked leniently: unknown fields are kept, `null` and `""` are accepted, field names are matched
 * case-insensitively and given their documented spelling. Only what the pipeline cannot do without is required:
 * an identity (`FullId`, or `AlertId:IocUniqueId` it is made of) and a readable `LastProcessedTimeUtc`.
 */
import { parseMicrosoftTime } from "../../util/microsoft-time.js";
import { notAnObject, type Checked } from "../shared/records.js";
import { SIEM_FIELDS } from "./fields.js";

const CANONICAL = new Map<string, string>(SIEM_FIELDS.map((f) => [f.toLowerCase(), f]));

/** The record with documented field spellings; the same object when it already has them (no copy). */
export function canonicalFields(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  if (keys.every((k) => (CANONICAL.get(k.toLowerCase()) ?? k) === k)) return value;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const name = CANONICAL.get(key.toLowerCase()) ?? key;
    if (out[name] === undefined || out[name] === null || out[name] === "") out[name] = value[key];
  }
  return out;
}

export function checkRecord(value: unknown): Checked {
  const notObject = notAnObject(value);
  if (notObject) return notObject;
  const record = canonicalFields(value as Record<string, unknown>);
  const identity = identityOf(record);
  if (identity === undefined)
    return { skip: "no-identity", detail: `no FullId (AlertId ${JSON.stringify(record.AlertId ?? null)})` };
  const time = parseMicrosoftTime(record.LastProcessedTimeUtc);
  if (time === undefined) {
    return {
      skip: "bad-time",
      detail: `FullId ${identity}: LastProcessedTimeUtc ${JSON.stringify(record.LastProcessedTimeUtc ?? null)} is not a time`,
    };
  }
  return { record: { record, identity, time } };
}

function identityOf(record: Record<string, unknown>): string | undefined {
  if (typeof record.FullId === "string" && record.FullId.trim() !== "") return record.FullId;
  const { AlertId: alert, IocUniqueId: ioc } = record;
  return typeof alert === "string" && alert !== "" && typeof ioc === "string" && ioc !== ""
    ? `${alert}:${ioc}`
    : undefined;
}
