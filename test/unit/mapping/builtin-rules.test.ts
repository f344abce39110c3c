/**
 * Two rules every built-in mapping keeps (docs/mapping.md): an update is dated by the update, the creation riding in
 * its own field; and the event's class (CEF Device Event Class ID, LEEF EventID) is one low-cardinality scheme,
 * "Defender-" and the category, whatever the API and the format (an incident, which has none: Defender-Incident).
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadMapping } from "../../../src/mapping/load.js";
import { ALERTS_SAMPLES } from "../../../src/sources/alerts/samples.js";
import { incidentMessage } from "../../../src/sources/incidents/messages.js";
import { INCIDENTS_SAMPLES } from "../../../src/sources/incidents/samples.js";
import { GRAPH_SAMPLES } from "../../../src/sources/shared/graph-samples.js";
import { SIEM_SAMPLES } from "../../../src/sources/siem/samples.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { decodeLeef } from "../../support/leef-decoder.js";

const BUILTINS = readdirSync(new URL("../../../mappings/", import.meta.url))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length));

/** Each API's records, and where it says when the record was created, last updated, and what kind it is. */
const APIS: Record<string, { samples: readonly Record<string, unknown>[]; created: string; updated?: string }> = {
  siem: { samples: SIEM_SAMPLES, created: "AlertTime" },
  alerts: { samples: ALERTS_SAMPLES, created: "alertCreationTime", updated: "lastUpdateTime" },
  graph: { samples: GRAPH_SAMPLES, created: "createdDateTime", updated: "lastUpdateDateTime" },
  incidents: {
    samples: INCIDENTS_SAMPLES.map(incidentMessage),
    created: "createdDateTime",
    updated: "lastUpdateDateTime",
  },
};
const CATEGORY: Record<string, string> = { siem: "Category", alerts: "category", graph: "category" };

/** The class a record's event should have. */
function classOf(api: string, record: Record<string, unknown>): string {
  if (api === "incidents") return "Defender-Incident";
  const category = record[CATEGORY[api]!];
  return typeof category === "string" && category.trim() ? `Defender-${category}` : "Defender-Unknown";
}

const ms = (time: unknown) => String(Date.parse(time as string));

/** The event time, the creation time and the class of one message, read as the SIEM reads them. */
function readBack(format: string, text: string) {
  if (format === "cef") {
    const { signatureId, extension: e } = decodeCef(text);
    const created = e.deviceCustomDate2Label === "CreatedTime" ? e.deviceCustomDate2 : e.rt;
    return { eventTime: e.rt, end: e.end, created, eventClass: signatureId };
  }
  const { eventId, attributes: a } = decodeLeef(text);
  return { eventTime: a.devTime, end: undefined, created: a.CreatedTime ?? a.devTime, eventClass: eventId };
}

const cases = BUILTINS.flatMap((name) => {
  const [api, format] = name.split("-") as [string, string];
  return APIS[api] ? [[name, api, format] as const] : [];
});

describe.each(cases)("builtin:%s", (name, api, format) => {
  const { samples, created, updated } = APIS[api]!;

  it.each(samples.map((r, i) => [i, r] as const))("dates sample %i by its last version", async (_i, record) => {
    const {
      eventTime,
      end,
      created: creation,
    } = readBack(format, (await loadMapping(`builtin:${name}`)).encode(record, 65_536).text);
    expect(eventTime).toBe(ms(record[updated ?? created]));
    if (end !== undefined) expect(end).toBe(eventTime);
    expect(creation).toBe(ms(record[created]));
  });

  it.each(samples.map((r, i) => [i, r] as const))("classes sample %i as Defender-<category>", async (_i, record) => {
    const { eventClass } = readBack(format, (await loadMapping(`builtin:${name}`)).encode(record, 65_536).text);
    expect(eventClass).toBe(classOf(api, record));
  });
});

describe.each(cases.filter(([, api]) => CATEGORY[api]))("builtin:%s", (name, api, format) => {
  it("classes a record without a category as Defender-Unknown", async () => {
    const mapping = await loadMapping(`builtin:${name}`);
    const record = { ...APIS[api]!.samples[0], [CATEGORY[api]!]: null };
    expect(readBack(format, mapping.encode(record, 65_536).text).eventClass).toBe("Defender-Unknown");
  });
});

describe.each(cases.filter(([, api]) => APIS[api]!.updated))("builtin:%s", (name, api, format) => {
  const { samples, created, updated } = APIS[api]!;

  it("dates an update by the update, not by the creation", async () => {
    const mapping = await loadMapping(`builtin:${name}`);
    const later = new Date(Date.parse(samples[0]![created] as string) + 86_400_000).toISOString();
    const message = readBack(format, mapping.encode({ ...samples[0], [updated!]: later }, 65_536).text);
    expect(message).toMatchObject({ eventTime: ms(later), created: ms(samples[0]![created]) });
  });
});

it("covers every built-in mapping", () => expect(cases.map(([n]) => n).sort()).toEqual([...BUILTINS].sort()));
