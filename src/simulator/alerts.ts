/**
 * The simulated tenant's alerts, in one API-neutral shape: each API (SIEM records, the Alerts API, Graph alerts_v2)
 * is a view of the same alerts. An alert has one piece of evidence per indicator; the SIEM API shows each as a record
 * sharing the AlertId. Its states (status, assignment, classification) change over time; the SIEM API does not show
 * them, the Alerts API and Graph show the current one.
 */
import * as C from "./catalogue.js";
import { initialState, MDE, type AlertState } from "./lifecycle.js";
import type { Random } from "./random.js";

export interface SimEvidence {
  kind: C.EvidenceKind;
  iocUniqueId: string;
  fileName: string;
  filePath: string;
  sha1: string;
  sha256: string;
  md5: string;
  commandLine: string;
  ipAddress: string;
  url: string;
}

export interface SimDevice {
  id: string;
  name: string;
  domain: string;
  group: string;
  ipv4: string;
  ipv6: string;
  deviceTags: string;
  cloudTags: string;
}

export interface SimAlert {
  alertId: string;
  detection: C.DetectionTemplate;
  ioaDefinitionId: string;
  device: SimDevice;
  user: { name: string; domain: string };
  /** When the activity was detected (ms since the epoch). */
  alertTime: number;
  /** When the alert reached the backend: what the SIEM API filters on. */
  lastProcessed: number;
  /** Sub-millisecond digits (0–9999) of lastProcessed, for Microsoft's 7-digit timestamps. */
  ticks: number;
  /** When the API starts showing it: later than lastProcessed for late-visible alerts. */
  visibleAt: number;
  reportId: number;
  externalId: string;
  remediation: { action: string; success: boolean | null };
  wasExecuting: boolean | null;
  evidence: SimEvidence[];
  /**
   * The product that raised it (Graph's serviceSource): only Defender for Endpoint's are in the SIEM and Alerts APIs.
   */
  serviceSource: string;
  /** Its versions, oldest first: as raised (at lastProcessed), then each update. */
  states: AlertState[];
}

export function createFleet(rng: Random, size: number): SimDevice[] {
  return Array.from({ length: size }, (_, i) => ({
    id: rng.hex(40),
    name: `${rng.pick(C.DEVICE_PREFIXES)}-${rng.hex(6).toUpperCase()}`.toLowerCase(),
    domain: `${rng.pick(C.DOMAINS).toLowerCase()}.com`,
    group: C.MACHINE_GROUPS[i % C.MACHINE_GROUPS.length]!,
    ipv4: `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    ipv6: rng.chance(0.5) ? `fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}` : "",
    deviceTags: rng.pick(C.DEVICE_TAGS),
    cloudTags: rng.pick(C.CLOUD_TAGS),
  }));
}

const fill = (text: string, user: string, host: string) => text.replaceAll("{user}", user).replaceAll("{host}", host);

function evidenceOf(rng: Random, kind: C.EvidenceKind, user: string): SimEvidence {
  const host = rng.pick(C.HOSTS);
  const fileName = kind === "file" || kind === "process" ? rng.pick(C.FILE_NAMES) : "";
  return {
    kind,
    iocUniqueId: rng.bytes(32).toString("base64"),
    fileName,
    filePath: fileName ? fill(rng.pick(C.FOLDERS), user, host) : "",
    sha1: fileName ? rng.hex(40) : "",
    sha256: fileName ? rng.hex(64) : "",
    md5: fileName ? rng.hex(32) : "",
    commandLine: kind === "process" ? fill(rng.pick(C.COMMAND_LINES), user, host) : "",
    ipAddress: kind === "ip" ? rng.pick(C.IP_ADDRESSES) : "",
    url: kind === "url" ? `https://${host}/${rng.hex(8)}/index.php?id=${rng.int(1, 999)}` : "",
  };
}

export interface AlertTimes {
  lastProcessed: number;
  visibleAt: number;
}

export function generateAlert(rng: Random, fleet: readonly SimDevice[], times: AlertTimes): SimAlert {
  const detection = rng.pick(C.DETECTIONS);
  const device = rng.pick(fleet);
  const user = `${rng.pick(C.FIRST_NAMES)}.${rng.pick(C.LAST_NAMES)}`;
  const prevented = detection.source === "WindowsDefenderAv";
  const alert: SimAlert = {
    alertId: `da${rng.digits(18)}_${rng.int(-2_000_000_000, 2_000_000_000)}`,
    detection,
    ioaDefinitionId: rng.guid(),
    device,
    user: { name: user, domain: device.domain.split(".")[0]!.toUpperCase() },
    alertTime: times.lastProcessed - rng.int(5_000, 300_000),
    lastProcessed: times.lastProcessed,
    ticks: rng.int(0, 9999),
    visibleAt: times.visibleAt,
    reportId: rng.int(1, 2_000_000_000),
    externalId: rng.hex(40).toUpperCase(),
    remediation: prevented
      ? { action: rng.pick(["quarantine", "clean", "remove"]), success: rng.chance(0.9) }
      : { action: "", success: null },
    wasExecuting: prevented ? rng.chance(0.3) : null,
    evidence: detection.evidence.map((kind) => evidenceOf(rng, kind, user)),
    serviceSource: MDE,
    states: [],
  };
  alert.states.push(initialState(alert.lastProcessed, alert.ticks));
  return alert;
}
