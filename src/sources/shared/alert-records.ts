/**
 * Alerts of the Alerts API and Graph, and Graph's incidents, are mutable (status, classification, assignment change;
 * an incident also as alerts join it), so a record's identity is its `id` with its last-update time: an update is a
 * new record to forward, a repeat of the same version is not.
 */
import { parseMicrosoftTime } from "../../util/microsoft-time.js";
import { notAnObject, type Checked } from "./records.js";

/** Checks one alert or incident (`noun`); `timeField` is its last-update time (`lastUpdateTime`, …). */
export function checkAlert(value: unknown, timeField: string, noun = "alert"): Checked {
  const notObject = notAnObject(value);
  if (notObject) return notObject;
  const record = value as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== "string" || id.trim() === "")
    return { skip: "no-identity", detail: `no id (id ${JSON.stringify(id ?? null)})` };
  const time = parseMicrosoftTime(record[timeField]);
  if (time === undefined)
    return {
      skip: "bad-time",
      detail: `${noun} ${id}: ${timeField} ${JSON.stringify(record[timeField] ?? null)} is not a time`,
    };
  return { record: { record, identity: `${id}@${String(record[timeField]).trim()}`, time } };
}
