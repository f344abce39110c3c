/** Every source, by `source.api`. A new source is a new folder here plus one import and one entry. */
import alerts from "./alerts/index.js";
import type { SharedConfig, SourceComponent } from "./component.js";
import graph from "./graph/index.js";
import incidents from "./incidents/index.js";
import siem from "./siem/index.js";
import type { Source, SourceDeps } from "./source.js";

export const SOURCES = [siem, alerts, graph, incidents] as const;

export type SourceName = (typeof SOURCES)[number]["name"];
export const SOURCE_NAMES = SOURCES.map((s) => s.name) as [SourceName, ...SourceName[]];

/** The component `source.api` names; the schema only lets through names of this list. */
export function sourceNamed(api: string): SourceComponent {
  const component: SourceComponent | undefined = SOURCES.find((s) => s.name === api);
  if (!component) throw new Error(`no source ${api}`);
  return component;
}

export function createSource(config: SharedConfig, deps: SourceDeps): Source {
  return sourceNamed(config.api).create(config, deps);
}
