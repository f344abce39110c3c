/**
 * Alerts API and Graph alerts are mutable (status, classification, assignment change), so an alert's identity is its
 * `id` with its last-update time: an update is a new record to forward, a repeat of the same version is not.
 */
import { parseMicrosoftTime } from "../../util/microsoft-time.js";
import { notAnObject, type Checked } from "./records.js";

/** Checks one alert; `timeField` is its last-update time (`lastUpdateTime`, `lastUpdateDateTime`). */
export function checkAlert(value: unknown, timeField: string): Checked {
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
      detail: `alert ${id}: ${timeField} ${JSON.stringify(record[timeField] ?? null)} is not a time`,
    };
  return { record: { record, identity: `${id}@${String(record[timeField]).trim()}`, time } };
}
