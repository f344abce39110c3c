/**
 * Real-parser check: Debian's strict CEF parser (lognormalizer) reads every message of the default ArcSight mapping,
 * on the hostile built-in samples, into the values each record holds; and agrees with the test suite's decoder on
 * thousands of generated hostile records.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCef } from "../../../src/formats/cef/encoder.js";
import { loadMapping } from "../../../src/mapping/load.js";
import { SIEM_SAMPLES } from "../../../src/sources/siem/samples.js";
import { anyText } from "../../support/arbitraries.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { cefExtensionValue, cefHeaderValue } from "../../support/expected.js";
import { fromRecord } from "../../support/layout.js";
import { lognormalize } from "../../support/lognormalizer.js";

/** The text fields of mappings/siem-cef.yaml: CEF key ← SIEM field. */
const TEXT_FIELDS: Record<string, string> = {
  externalId: "AlertId",
  flexString2: "FullId",
  cat: "Category",
  sourceServiceName: "Source",
  shost: "MachineName",
  fname: "FileName",
  filePath: "FilePath",
  sntdom: "UserDomain",
  suser: "UserName",
  fileHash: "Sha1",
  cs6: "Sha256",
  cs5: "Md5",
  cs1: "ThreatName",
  cs4: "Actor",
  src: "IpAddress",
  request: "Url",
  flexString1: "LinkToWDATP",
  sourceDnsDomain: "MachineDomain",
  suid: "LogOnUsers",
  msg: "Description",
  cs2: "CommandLine",
  cs3: "MachineGroup",
  dvchost: "ComputerDnsName",
  deviceExternalId: "DeviceID",
  act: "RemediationAction",
  ThreatFamily: "ThreatFamily",
};

/** A record's field, whatever the case of its name; "" when missing or not text. */
function field(record: Record<string, unknown>, name: string): string {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return typeof value === "string" ? value : "";
}

/** Received as sent, or (long text cut to a limit) a prefix of it. */
function expectFrom(received: string | undefined, sent: string, what: string) {
  if (sent === "") return expect([what, received]).toEqual([what, undefined]);
  expect([what, sent.startsWith(received ?? "\0") && (received?.length ?? 0) > 0]).toEqual([what, true]);
}

describe("lognormalizer reads the default ArcSight mapping", () => {
  it("parses every hostile sample into the values of its record", async () => {
    const mapping = await loadMapping("builtin:siem-cef");
    const parsed = lognormalize(SIEM_SAMPLES.map((r) => mapping.encode(r, 8192).text));
    parsed.forEach((cef, i) => {
      const record = SIEM_SAMPLES[i]!;
      expect(cef, `sample ${i} was refused`).toBeDefined();
      expect([cef!.DeviceVendor, cef!.DeviceProduct, cef!.DeviceVersion]).toEqual([
        "Microsoft",
        "Microsoft Defender ATP",
        "2.0",
      ]);
      expectFrom(cef!.Name, cefHeaderValue(field(record, "AlertTitle")), "Name");
      for (const [key, name] of Object.entries(TEXT_FIELDS))
        expectFrom(cef!.Extensions[key], cefExtensionValue(field(record, name)), `${i} ${key}`);
    });
    expect(parsed[1]!.Extensions.filePath).toBe("C:\\Users\\n.bob\\AppData\\Local\\Temp\\");
    expect(parsed[1]!.Extensions.cs2).toContain(
      "\"$a='x=1'; iex ($a -replace '=', '|')\"\r\ncmd /c p^o^w^e^r^s^h^e^l^l",
    );
  });

  it("agrees with the test suite's strict decoder on generated hostile records", () => {
    const keys = ["msg", "cs1", "filePath", "custom"];
    const encode = compileCef({
      header: Object.fromEntries(
        ["vendor", "product", "version", "signatureId", "name", "severity"].map((k) => [k, fromRecord(k)]),
      ),
      fields: keys.map((key) => ({ key, label: key === "cs1" ? "Label = | \\" : undefined, value: fromRecord(key) })),
    });
    const records = fc.sample(
      fc.record(
        Object.fromEntries(
          [...keys, "vendor", "product", "version", "signatureId", "name", "severity"].map((k) => [k, anyText]),
        ),
      ),
      2000,
    );
    const lines = records.map((r) => encode(r, 8192).text);
    lognormalize(lines).forEach((cef, i) => {
      const ours = decodeCef(lines[i]!);
      expect(cef, lines[i]).toBeDefined();
      expect([
        cef!.DeviceVendor,
        cef!.DeviceProduct,
        cef!.DeviceVersion,
        cef!.SignatureID,
        cef!.Name,
        cef!.Severity,
      ]).toEqual([ours.vendor, ours.product, ours.deviceVersion, ours.signatureId, ours.name, ours.severity]);
      expect(cef!.Extensions).toEqual(ours.extension);
    });
  });
});
