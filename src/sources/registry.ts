/** One line per API: a new source is its own folder plus a line here. */
import type { Api, SourceConfig } from "../config/config.js";
import { AppError } from "../errors.js";
import { createSiemSource } from "./siem/index.js";
import type { Source, SourceDeps } from "./source.js";

type SourceFactory = (config: SourceConfig, deps: SourceDeps) => Source;

const SOURCES: Partial<Record<Api, SourceFactory>> = {
  siem: createSiemSource,
};

export function createSource(config: SourceConfig, deps: SourceDeps): Source {
  const factory = SOURCES[config.api];
  if (!factory) throw new AppError("E_NOT_AVAILABLE", `source.api ${config.api} is not available yet: it arrives with issue #7`);
  return factory(config, deps);
}
