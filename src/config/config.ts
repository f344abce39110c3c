/** The validated, normalized configuration every other module receives. Durations are milliseconds. */
import type { FileProblem } from "../errors.js";
import type { APIS, CLOUDS, LOG_LEVELS, RawConfig } from "./schema.js";
import type { Secret } from "./secret.js";

export type Api = (typeof APIS)[number];
export type Cloud = (typeof CLOUDS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Credential =
  | { kind: "secret"; secret: Secret }
  | { kind: "certificate"; certificatePem: string; privateKey: Secret; thumbprint: "x5t#S256" | "x5t" };

/** `source.query`, for the configured API only (see config/query.ts), in Microsoft's spelling. */
export interface SiemFilters {
  api: "siem";
  machineGroups: string[];
  deviceCreatedMachineTags: string;
  cloudCreatedMachineTags: string;
}

export interface AlertsFilters {
  api: "alerts";
  /**
   * Each list empty: no filter; several values: one request sequence per combination (the API documents `eq` and
   * `and`).
   */
  severity: string[];
  status: string[];
  detectionSource: string[];
  /** `$expand=evidence`. */
  expandEvidence: boolean;
}

export interface GraphFilters {
  api: "graph";
  /** Empty: every product's alerts. */
  serviceSource: string[];
  severity: string[];
  status: string[];
}

export type SourceFilters = SiemFilters | AlertsFilters | GraphFilters;

/** A proxy: its URL without credentials (what messages show), and the credentials apart, as a secret. */
export interface ProxyRoute {
  url: string;
  /** `user:password`, from source.proxyCredentialsFile or the URL in the environment. */
  credentials?: Secret;
}

/** Where outbound requests go: by the target's scheme, unless `noProxy` names the host. Empty: straight out. */
export interface ProxyConfig {
  http?: ProxyRoute;
  https?: ProxyRoute;
  noProxy: string[];
}

export interface SourceConfig {
  api: Api;
  tenantId: string;
  clientId: string;
  credential: Credential;
  cloud: Cloud;
  region?: string;
  url?: string;
  tokenUrl?: string;
  resource?: string;
  scope?: string;
  query: SourceFilters;
  /** alerts and graph: one record per alert (evidence inside it), or one per evidence item. */
  messagePer: "alert" | "evidence";
  /** alerts and graph: `$top`; undefined: the Alerts API's documented maximum, and none for Graph. */
  pageSize?: number;
  lookback: number;
  overlap: number;
  maxWindow: number;
  requestTimeout: number;
  requestsPerMinute?: number;
  requestsPerHour?: number;
  connectTimeout: number;
  /** Retries of one request after 5xx, 429, network errors and timeouts (the 401 retry is separate). */
  maxRetries: number;
  /** The longest wait a 429's Retry-After may ask for; longer fails the request. */
  maxRetryWait: number;
  /** A response holding more records than this makes the following requests' windows shorter. */
  splitAbove: number;
  /** source.proxy and source.noProxy, else HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment. */
  proxy: ProxyConfig;
  /** A larger record is counted, logged with its id and skipped, never held whole. */
  maxRecordBytes: number;
  /** The most pages one query of a window may take (`@odata.nextLink` or `$skip`); more fails the cycle. */
  maxPages: number;
  /** A poll cycle running longer than this stops; what it delivered is kept, the rest is fetched next cycle. */
  cycleDeadline: number;
}

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
/** Each member of a union with the other members' keys as absent, so any key reads as its type or undefined. */
type Exclusive<U, K extends PropertyKey = KeysOfUnion<U>> = U extends unknown
  ? U & { [P in Exclude<K, keyof U>]?: undefined }
  : never;

/** `output`: the options of the configured transport (see transports/registry.ts), the header's hostname set. */
export type OutputConfig = Exclusive<RawConfig["output"]> & { hostname: string };

export interface Config {
  /** The file it was read from, for messages. */
  file: string;
  source: SourceConfig;
  schedule: string;
  /** `builtin:NAME` or an absolute path. */
  mapping: string;
  output: OutputConfig;
  state: { dir: string };
  health: { listen?: { host: string; port: number }; allowRemote: boolean };
  log: { level: LogLevel };
  /** Located warnings: the configuration works, but something in it deserves a look (see warnings.ts). */
  warnings: FileProblem[];
}
