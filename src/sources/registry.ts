/** One line per API: a new source is its own folder plus a line here. */
import type { Api, SourceConfig } from "../config/config.js";
import { createAlertsSource } from "./alerts/index.js";
import { createGraphSource } from "./graph/index.js";
import { createSiemSource } from "./siem/index.js";
import type { Source, SourceDeps } from "./source.js";

type SourceFactory = (config: SourceConfig, deps: SourceDeps) => Source;

const SOURCES: Record<Api, SourceFactory> = {
  siem: createSiemSource,
  alerts: createAlertsSource,
  graph: createGraphSource,
};

export function createSource(config: SourceConfig, deps: SourceDeps): Source {
  return SOURCES[config.api](config, deps);
}
