/** What a LEEF layout must respect: the delimiter, attribute keys, `sev` 1-10, `devTime` QRadar can read. */
import type { Layout, LayoutIssue, MappedField } from "../format.js";
import { numericSeverity } from "../severity.js";
import { utf8Length } from "../utf8.js";
import { DELIMITER_HINT, parseDelimiter } from "./delimiter.js";

const KEY_SYNTAX = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** IBM's predefined LEEF attributes: QRadar normalizes these, so a near miss in case is worth a warning. */
const PREDEFINED = [
  "cat",
  "devTime",
  "devTimeFormat",
  "proto",
  "sev",
  "src",
  "dst",
  "srcPort",
  "dstPort",
  "srcPreNAT",
  "dstPreNAT",
  "srcPostNAT",
  "dstPostNAT",
  "usrName",
  "srcMAC",
  "dstMAC",
  "srcPreNATPort",
  "dstPreNATPort",
  "srcPostNATPort",
  "dstPostNATPort",
  "identSrc",
  "identHostName",
  "identNetBios",
  "identGrpName",
  "identMAC",
  "vSrc",
  "vSrcName",
  "accountName",
  "srcBytes",
  "dstBytes",
  "srcPackets",
  "dstPackets",
  "totalPackets",
  "role",
  "realm",
  "policy",
  "resource",
  "url",
  "groupID",
  "domain",
  "isLoginEvent",
  "isLogoutEvent",
  "identSecondlp",
  "calLanguage",
  "AttributeLimits",
  "calCountryOrRegion",
];
const PREDEFINED_BY_LOWER = new Map(PREDEFINED.map((k) => [k.toLowerCase(), k]));

export function checkLeef(layout: Layout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const delimiterValue = layout.header.delimiter;
  const written = delimiterValue?.constant;
  if (delimiterValue && (written === undefined || parseDelimiter(written) === undefined)) {
    issues.push({
      path: ["header", "delimiter"],
      message: written === undefined ? "must be a constant character" : DELIMITER_HINT,
    });
  }
  for (const id of layout.header.eventId?.possible ?? []) {
    if (utf8Length(id) > 255)
      issues.push({ path: ["header", "eventId"], warning: true, message: "longer than 255 bytes: it is cut" });
  }
  const delimiter = written === undefined ? "\t" : parseDelimiter(written);
  for (const field of layout.fields) issues.push(...checkAttribute(field, delimiter));
  const devTime = layout.fields.find((f) => f.key === "devTime");
  if (devTime && devTime.value.type !== "epochMillis" && !layout.fields.some((f) => f.key === "devTimeFormat")) {
    issues.push({
      path: ["fields", "devTime"],
      warning: true,
      message: "QRadar reads devTime without devTimeFormat only as epoch time: add type: epochMillis",
    });
  }
  return issues;
}

function checkAttribute(field: MappedField, delimiter: string | undefined): LayoutIssue[] {
  const path = ["fields", field.key];
  if (!KEY_SYNTAX.test(field.key) || (delimiter !== undefined && field.key.includes(delimiter))) {
    return [
      {
        path,
        message: `"${field.key}" is not a LEEF attribute key: expected a letter, then letters, digits, _ . or -, without the delimiter`,
      },
    ];
  }
  const issues: LayoutIssue[] = [];
  if (field.label !== undefined)
    issues.push({
      path: [...path, "label"],
      message: "labels are for CEF custom fields; a LEEF attribute is named by its key",
    });
  const predefined = PREDEFINED_BY_LOWER.get(field.key.toLowerCase());
  if (predefined && predefined !== field.key) {
    issues.push({
      path,
      warning: true,
      message: `QRadar's predefined attribute is spelt ${predefined}; "${field.key}" is a custom one`,
    });
  }
  if (field.key === "sev") {
    for (const v of field.value.possible ?? []) {
      const n = numericSeverity(v);
      if (n === undefined || n < 1)
        issues.push({ path, message: `"${v}" is not a LEEF severity: expected an integer from 1 to 10` });
    }
  }
  return issues;
}
