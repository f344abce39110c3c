/** `source` keys of the SIEM API: its region, and its three filters. */
import * as z from "zod";
import { section } from "../../config/values.js";
import type { SourceConfigOf } from "../component.js";
import { filterValue, sourceKeys, type Cloud } from "../options.js";

/** The hosts per cloud: commercial in three regions, the US Government clouds in the US only. */
export const SIEM_REGIONS: Record<Cloud, readonly string[]> = {
  commercial: ["eu", "us", "uk"],
  gcc: ["us"],
  "gcc-high": ["us"],
  dod: ["us"],
};

const query = z.strictObject({
  machineGroups: z
    .array(filterValue("a machine group name"), { error: "expected a list of machine group names" })
    .default([])
    .describe("Only these machine groups' alerts."),
  deviceCreatedMachineTags: z
    .string({ error: "expected a device tag" })
    .default("")
    .describe("Only alerts of machines with this device tag."),
  cloudCreatedMachineTags: z
    .string({ error: "expected a portal machine tag" })
    .default("")
    .describe("Only alerts of machines with this portal tag."),
});

export const siemOptions = z
  .strictObject({
    ...sourceKeys,
    region: z
      .string()
      .optional()
      .describe("eu, us or uk (government clouds: us); required in the commercial cloud unless url is set."),
    query: section(query.prefault({})).describe("Filters of the SIEM API."),
  })
  .superRefine((s, ctx) => {
    const allowed = SIEM_REGIONS[s.cloud];
    if (s.region !== undefined && !allowed.includes(s.region))
      ctx.addIssue({
        code: "custom",
        path: ["region"],
        message: `expected one of ${allowed.join(", ")} for api siem in cloud ${s.cloud}, got "${s.region}"`,
      });
    if (s.cloud === "commercial" && s.region === undefined && s.url === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["region"],
        message: "missing; the SIEM API needs its region: eu, us or uk (or set source.url)",
      });
  });

export type SiemConfig = SourceConfigOf<typeof siemOptions>;
