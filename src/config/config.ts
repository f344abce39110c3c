/** The validated, normalized configuration every other module receives. Durations are milliseconds. */
import type { FileProblem } from "../errors.js";
import type { Normalized } from "../sources/component.js";
import type { LOG_LEVELS, RawConfig } from "./schema.js";
import type { Secret } from "./secret.js";

export type { Cloud } from "../sources/options.js";
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Credential =
  | { kind: "secret"; secret: Secret }
  | { kind: "certificate"; certificatePem: string; privateKey: Secret; thumbprint: "x5t#S256" | "x5t" };

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

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
/** Each member of a union with the other members' keys as absent, so any key reads as its type or undefined. */
type Exclusive<U, K extends PropertyKey = KeysOfUnion<U>> = U extends unknown
  ? U & { [P in Exclude<K, keyof U>]?: undefined }
  : never;

/** `source`: the options of the configured API (see sources/registry.ts), the credential read, the proxy settled. */
export type SourceConfig = Exclusive<Normalized<RawConfig["source"]>>;
/** `source.api`: a name in the sources' registry. */
export type Api = SourceConfig["api"];

/** `output`: the options of the configured transport (see transports/registry.ts), the header's hostname set. */
export type OutputConfig = Exclusive<RawConfig["output"]> & { hostname: string };

/** One tenant: its name (labels, state, `$tenant.name`) and its `source:` with its own keys laid over. */
export interface TenantConfig {
  name: string;
  source: SourceConfig;
}

export interface Config {
  /** The file it was read from, for messages. */
  file: string;
  /** The first tenant's source: the one tenant's, without `tenants:`. */
  source: SourceConfig;
  /** Every tenant; without `tenants:`, the one tenant of `source:`, named `default`. */
  tenants: TenantConfig[];
  /** Whether the file has `tenants:` (then log lines and metrics carry a `tenant` label). */
  multiTenant: boolean;
  /** With tenants: how many poll at once. */
  concurrency: number;
  schedule: string;
  /** `builtin:NAME` or an absolute path. */
  mapping: string;
  /** Where the file names the mapping (absent: the default mapping), for problems with the mapping it names. */
  mappingAt?: { line: number; column: number };
  output: OutputConfig;
  state: { dir: string };
  health: { listen?: { host: string; port: number }; allowRemote: boolean };
  log: { level: LogLevel };
  /** Located warnings: the configuration works, but something in it deserves a look (see warnings.ts). */
  warnings: FileProblem[];
}
