/**
 * `source` keys of Graph incidents: the filters "List incidents" documents for `$filter` (status, severity,
 * classification, determination, assignedTo; https://learn.microsoft.com/en-us/graph/api/security-list-incidents),
 * the paging, and one message per incident or per alert. Enum values come from Microsoft's Graph schema
 * (`unlistedValues` says what happens to a value it does not list).
 */
import * as z from "zod";
import { section } from "../../config/values.js";
import type { OptionWarning, SourceConfigOf } from "../component.js";
import { filterList, sourceKeys } from "../options.js";
import { graphEnum } from "../shared/graph-catalogue.js";
import { graphFilter, graphPageSize, unlistedValues } from "../shared/graph-options.js";

/** The known values of each enum filter. */
const KNOWN = {
  status: graphEnum("security.IncidentStatus"),
  severity: graphEnum("security.AlertSeverity"),
  classification: graphEnum("security.AlertClassification"),
  determination: graphEnum("security.AlertDetermination"),
};

const filter = (what: string, key: keyof typeof KNOWN) => graphFilter(what, KNOWN[key]).default([]);

const query = z.strictObject({
  status: filter("a status", "status").describe("Only incidents in these states."),
  severity: filter("a severity", "severity").describe("Only incidents of these severities."),
  classification: filter("a classification", "classification").describe("Only incidents classified so."),
  determination: filter("a determination", "determination").describe("Only incidents of these determinations."),
  assignedTo: filterList("an assignee (as the portal writes it, e.g. a user principal name)")
    .default([])
    .describe("Only incidents assigned to these owners."),
});

export const incidentsOptions = z.strictObject({
  ...sourceKeys,
  query: section(query.prefault({})).describe(
    "Filters of Graph incidents; several values of one filter are one request each.",
  ),
  messagePer: z
    .enum(["incident", "alert"])
    .default("incident")
    .describe(
      "One message per incident version (its alerts summarised), or one per alert of it, with the incident's fields.",
    ),
  pageSize: graphPageSize("Incidents"),
});

export type IncidentsConfig = SourceConfigOf<typeof incidentsOptions>;

export const incidentsWarnings = (options: z.output<typeof incidentsOptions>): OptionWarning[] =>
  unlistedValues(KNOWN, options.query);
