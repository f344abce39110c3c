/**
 * Hostile content: 10,000 generated records with adversarial values in every field go through the API (the simulator
 * over HTTP), the default mappings and the transports into rsyslog, once as CEF over TCP and once as LEEF over TLS
 * with a small message limit. Every message that arrives must parse with the strict decoders (and lognormalizer for
 * CEF) to the values its record holds, stay within output.maxMessageBytes, and hold no key the mapping does not write.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { parseMicrosoftTime } from "../../src/util/microsoft-time.js";
import { decodeCef } from "../support/cef-decoder.js";
import { makeCerts, type TestCerts } from "../support/certs.js";
import { cefExtensionValue, cefHeaderValue, leefHeaderValue, leefValue } from "../support/expected.js";
import { inProcessForwarder } from "../support/forwarder-setup.js";
import { DEEP, hostileRecords, ONE_MB, recordIndex, served } from "../support/hostile-records.js";
import { decodeLeef } from "../support/leef-decoder.js";
import { lognormalize } from "../support/lognormalizer.js";
import {
  expectedOf,
  mappingRules,
  valueProblem,
  type Expected,
  type MappingRules,
  type Tenant,
} from "../support/mapping-expectations.js";
import { resultsGroup } from "../support/reliability-results.js";
import { startRsyslog, type Rsyslog, type RsyslogOutput } from "../support/rsyslog.js";
import { SecretWatch } from "../support/secret-watch.js";
import { tempDir } from "../support/temp.js";

const RECORDS = 10_000;
const MIN = 60_000;
const results = resultsGroup("hostile-content", "Hostile content");
const watch = new SecretWatch();
let certs: TestCerts;
let sim: Simulator;
let rsyslog: Rsyslog;
let records: Record<string, unknown>[];

beforeAll(async () => {
  certs = await makeCerts();
  [sim, rsyslog] = await Promise.all([startSimulator({ ratePerMinute: 0 }), startRsyslog({ certs })]);
  watch.simulator(sim);
  records = hostileRecords(RECORDS, { seed: 26, from: Date.now() - 50 * MIN, to: Date.now() - MIN });
  for (const record of records) {
    const at = parseMicrosoftTime(record.LastProcessedTimeUtc)!.getTime();
    sim.tenant.store.addRawSiem({ at, visibleAt: at, record: served(record) });
  }
});
afterAll(async () => {
  await Promise.all([sim.close(), rsyslog.dispose()]);
  const scan = watch.scan();
  results.scanned(scan);
  expect(scan.found).toEqual([]);
});

/** A value's expectation; JSON too deep to write out is expected as JSON text cut to fit. */
function expectation(spec: MappingRules["fields"][string], record: Record<string, unknown>, tenant: Tenant): Expected {
  try {
    return expectedOf(spec, record, tenant);
  } catch (err) {
    if (err instanceof RangeError) return { form: /^[{[]/ };
    throw err;
  }
}

interface Decoded {
  identity: string | undefined;
  header: Record<string, string>;
  values: Record<string, string>;
}

interface Format {
  mapping: string;
  rules: MappingRules;
  output: RsyslogOutput;
  yaml: (rsyslog: Rsyslog) => string;
  maxBytes: number;
  decode: (payload: string) => Decoded;
  cleanHeader: (s: string) => string;
  cleanValue: (s: string) => string;
}

const FORMATS: Record<"cef" | "leef", Format> = {
  cef: {
    mapping: "siem-cef",
    rules: mappingRules("siem-cef"),
    output: "tcp",
    yaml: () => "  maxMessageBytes: 4096",
    maxBytes: 4096,
    decode: (payload) => {
      const d = decodeCef(payload);
      const header = {
        vendor: d.vendor,
        product: d.product,
        version: d.deviceVersion,
        signatureId: d.signatureId,
        name: d.name,
        severity: d.severity,
      };
      return { identity: d.extension.flexString2, header, values: d.extension };
    },
    cleanHeader: cefHeaderValue,
    cleanValue: cefExtensionValue,
  },
  leef: {
    mapping: "siem-leef",
    rules: mappingRules("siem-leef"),
    output: "tls",
    yaml: (r) => `  transport: tls\n  port: ${r.ports.tls}\n  tls: { ca: ${certs.ca} }\n  maxMessageBytes: 2048`,
    maxBytes: 2048,
    decode: (payload) => {
      const d = decodeLeef(payload);
      const header = { vendor: d.vendor, product: d.product, version: d.productVersion, eventId: d.eventId };
      return { identity: d.attributes.FullId, header, values: d.attributes };
    },
    cleanHeader: leefHeaderValue,
    cleanValue: (s) => leefValue(s, "\t"),
  },
};

/** Every problem of one received line: size, syntax, foreign keys, and each value against its record. */
function problemsOf(line: string, format: Format, tenant: Tenant, seen: Map<number, number>): string[] {
  const bytes = Buffer.byteLength(line);
  const problems = bytes > format.maxBytes ? [`${bytes} bytes, over output.maxMessageBytes ${format.maxBytes}`] : [];
  let decoded: Decoded;
  try {
    decoded = format.decode(line.slice(line.search(/(?:CEF|LEEF):/)));
  } catch (err) {
    return [...problems, `does not parse: ${(err as Error).message}: ${line.slice(0, 120)}`];
  }
  const index = recordIndex(decoded.identity);
  const record = index === undefined ? undefined : records[index];
  if (index === undefined || !record) return [...problems, `no record for FullId ${JSON.stringify(decoded.identity)}`];
  seen.set(index, (seen.get(index) ?? 0) + 1);
  const room = { full: bytes > format.maxBytes - 512 };
  const where = `record ${index}`;
  for (const key of Object.keys(decoded.values))
    if (!format.rules.keys.has(key)) problems.push(`${where}: key ${key} is not in the mapping`);
  for (const [key, spec] of Object.entries(format.rules.header)) {
    problems.push(
      valueProblem(
        `${where} header ${key}`,
        decoded.header[key],
        expectation(spec, record, tenant),
        format.cleanHeader,
        room,
      ) ?? "",
    );
  }
  for (const [key, spec] of Object.entries(format.rules.fields)) {
    problems.push(
      valueProblem(
        `${where} ${key}`,
        decoded.values[key],
        expectation(spec, record, tenant),
        format.cleanValue,
        room,
      ) ?? "",
    );
    if (spec.label && decoded.values[key] !== undefined && decoded.values[`${key}Label`] !== spec.label)
      problems.push(`${where}: ${key}Label is not ${spec.label}`);
  }
  return problems.filter(Boolean);
}

/** lognormalizer's reading of each CEF line must be ours. */
function lognormalizerDisagreements(lines: string[]): string[] {
  const payloads = lines.map((l) => l.slice(l.indexOf("CEF:")));
  return lognormalize(payloads).flatMap((cef, i) => {
    if (!cef) return [`lognormalizer refused: ${payloads[i]!.slice(0, 120)}`];
    const ours = decodeCef(payloads[i]!);
    const same =
      cef.Name === ours.name &&
      cef.SignatureID === ours.signatureId &&
      JSON.stringify(cef.Extensions) === JSON.stringify(ours.extension);
    return same ? [] : [`lognormalizer read otherwise: ${payloads[i]!.slice(0, 120)}`];
  });
}

it.each(["cef", "leef"] as const)(
  "%s: 10,000 hostile records arrive, each parsing to its own values within the limit",
  async (name) => {
    const format = FORMATS[name];
    const top = `mapping: builtin:${format.mapping}\nhealth:\n  listen: off`;
    const f = await inProcessForwarder(
      { sim, rsyslog, stateDir: tempDir(), output: format.yaml(rsyslog), top },
      watch.logger(`hostile ${name}`),
    );
    const summary = await f.forwarder.cycle();
    await f.close(5000);
    const lines = await rsyslog.waitForLines(format.output, summary.sent, 20_000);
    const seen = new Map<number, number>();
    const [only] = f.config.tenants;
    const tenant = { name: only!.name, id: only!.source.tenantId };
    const problems = lines.flatMap((line) => problemsOf(line, format, tenant, seen));
    if (name === "cef") problems.push(...lognormalizerDisagreements(lines));
    const largest = Math.max(...lines.map((l) => Buffer.byteLength(l)));
    const received = [...seen.values()].reduce((sum, n) => sum + n, 0);
    results.record({
      scenario: `${name.toUpperCase()} (${format.mapping}, ${format.output === "tcp" ? "TCP" : "TLS"}, maxMessageBytes ${format.maxBytes})`,
      sent: RECORDS,
      received,
      lost: RECORDS - seen.size,
      duplicated: received - seen.size,
      other: {
        "parse failures or wrong values": problems.length,
        "unencodable records": summary.unencodable,
        "largest message (bytes)": largest,
        ...(name === "cef"
          ? { "lognormalizer refusals or disagreements": problems.filter((p) => p.startsWith("lognormalizer")).length }
          : {}),
        [`${ONE_MB / 1024 / 1024} MB values`]: Math.ceil(RECORDS / 1000),
        [`JSON ${DEEP.toLocaleString("en")} levels deep`]: Math.ceil(RECORDS / 1000),
      },
    });
    expect(problems.slice(0, 20)).toEqual([]);
    expect({ sent: summary.sent, unencodable: summary.unencodable, distinct: seen.size }).toEqual({
      sent: RECORDS,
      unencodable: 0,
      distinct: RECORDS,
    });
    expect(largest).toBeLessThanOrEqual(format.maxBytes);
  },
);
