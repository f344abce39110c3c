/**
 * What a source folder's index.ts default-exports: its configuration word, its keys, its factory, and what mappings
 * and previews need to know of its records.
 */
import type * as z from "zod";
import type { Audience } from "../auth/endpoint.js";
import type { Credential, ProxyConfig } from "../config/config.js";
import type { CatalogueNode } from "../mapping/catalogue.js";
import type { Cloud, sourceKeys } from "./options.js";
import type { Source, SourceDeps } from "./source.js";

export interface SourceComponent<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** `source.api`. */
  readonly name: N;
  /** Its keys of `source` (`sourceKeys` spread in), with defaults, descriptions and the checks between them. */
  readonly options: S;
  /** Keys other sources have and this one lacks, each with why. */
  readonly lacks?: Readonly<Record<string, string>>;
  /**
   * What the application must hold to read this API, as a phrase: its 403 message and `init`'s comment name it
   * (e.g. "the application permission SecurityAlert.Read.All on Microsoft Graph, with admin consent").
   */
  readonly access: string;
  /** Whom its tokens are for, unless `source.resource` or `source.scope` says. */
  audience(cloud: Cloud): Audience;
  /** The API hosts it may call in a cloud, every region's (docs/operations.md's firewall table lists them). */
  hosts(cloud: Cloud): readonly string[];
  /** The fields of its records, which mapping files are checked against. */
  readonly fields: CatalogueNode;
  /** Records for `preview` without a file; the first, Microsoft's documented example, makes the test event. */
  readonly samples: Samples;
  /**
   * What the source adds to a record as the API sent it before it is mapped (the incidents' summary of their alerts),
   * for the records it did not fetch itself: `preview`'s and the test event's.
   */
  prepare?(record: Record<string, unknown>): Record<string, unknown>;
  create(config: SourceConfigOf<S>, deps: SourceDeps): Source;
  /** What its options may say but probably should not: they work, so these are warnings, at paths below `source`. */
  warnings?(options: z.output<S>): OptionWarning[];
}

export type Samples = readonly [Record<string, unknown>, ...Record<string, unknown>[]];

export interface OptionWarning {
  path: (string | number)[];
  message: string;
}

/** Keys the loader reads and replaces: the credential, and the proxy with its credentials. */
type LoaderKeys = "clientSecret" | "clientSecretFile" | "certificate" | "proxy" | "proxyCredentialsFile" | "noProxy";

/** A source's options as the forwarder receives them: the credential read, the proxy settled. */
export type Normalized<T> = T extends unknown
  ? Omit<T, LoaderKeys> & { credential: Credential; proxy: ProxyConfig }
  : never;

/** A source's configuration: its options normalized, `api` naming it (a copy under another name reports that name). */
export type SourceConfigOf<S extends z.ZodObject> = Normalized<z.output<S>> & { api: string };

/** The keys every source has, as every source receives them: what code shared by several sources may read. */
export type SharedConfig = SourceConfigOf<z.ZodObject<typeof sourceKeys>>;

export const defineSource = <const N extends string, S extends z.ZodObject>(component: SourceComponent<N, S>) =>
  component;
