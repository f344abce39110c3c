/**
 * Reads a configuration file: YAML with positions → `${VAR}` interpolation → schema → secrets read → normalized.
 * Every problem found is reported at once, each on one line with file, line, column and key path.
 */
import { access, readFile, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, isAbsolute, resolve } from "node:path";
import { FileProblemsError, type FileProblem } from "../errors.js";
import { sourceNamed } from "../sources/registry.js";
import type { Config, Credential, TenantConfig } from "./config.js";
import { interpolateDocument, referencedPaths } from "./interpolate.js";
import { normalize } from "./normalize.js";
import { urlCredentials } from "./proxy.js";
import { configSchema, type RawConfig } from "./schema.js";
import { Secret } from "./secret.js";
import { DEFAULT_TENANT_NAME, tenantViews, type TenantView } from "./tenants.js";
import { parseYamlText, readYamlFile, type KeyPath, type YamlFile } from "./yaml-file.js";
import { defaultMessage, zodProblems } from "./zod-problems.js";
import { secretFiles } from "./values.js";
import { configWarnings, exposedSecretFiles, type SecretFile } from "./warnings.js";
import { keysAt, localPathsIn, needsOf, ownersOf, registeredIn } from "./zod-shape.js";

const CODE = "E_CONFIG";

/** The configuration as one tenant's view gives it. */
type OneTenant = Omit<Config, "tenants" | "multiTenant" | "mappingAt">;

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  return configFromYaml(await readYamlFile(file, CODE), env);
}

/** A configuration given as text (the demo's); `name` stands for the file in messages and relative paths. */
export async function loadConfigText(
  name: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Config> {
  return configFromYaml(parseYamlText(name, text, CODE), env);
}

async function configFromYaml(yaml: YamlFile, env: NodeJS.ProcessEnv): Promise<Config> {
  const referenced = referencedPaths(yaml);
  const missingVariables = interpolateDocument(yaml, env);
  if (missingVariables.length) throw new FileProblemsError(CODE, missingVariables);

  const views = tenantViews(yaml.toJS() ?? {});
  const loaded = await Promise.all(views.map((view) => tenantFromView(view, yaml, env, referenced)));
  const problems = unique(loaded.flatMap((l) => ("problems" in l ? l.problems : [])));
  const ready = loaded.flatMap((l) => ("config" in l ? [l] : []));
  if (problems.length || ready.length === 0) throw new FileProblemsError(CODE, problems);
  const tenants: TenantConfig[] = ready.map((t) => ({ name: t.name ?? DEFAULT_TENANT_NAME, source: t.config.source }));
  const warnings = sameSaidOnce(unique(ready.flatMap((t) => t.config.warnings)));
  const mappingAt = yaml.doc.has("mapping") ? yaml.locate(["mapping"]) : undefined;
  return { ...ready[0]!.config, tenants, multiTenant: ready[0]!.index !== undefined, mappingAt, warnings };
}

/** The configuration as one tenant sees it, or the problems found in it, located where they were written. */
async function tenantFromView(
  view: TenantView,
  whole: YamlFile,
  env: NodeJS.ProcessEnv,
  referencedInFile: ReadonlySet<string>,
): Promise<(TenantView & { config: OneTenant }) | { problems: FileProblem[] }> {
  const yaml: YamlFile = { ...whole, problem: (path, message) => whole.problem(view.relocate(path), message) };
  const referenced = referencedIn(view, referencedInFile);
  const input = view.input;
  const parsed = configSchema.safeParse(input, { reportInput: true, error: defaultMessage });
  if (!parsed.success)
    return {
      problems: zodProblems(
        parsed.error.issues.filter((i) => view.reports(i.path as KeyPath)),
        yaml,
        (p) => keysAt(configSchema, p, input),
        {
          ownersOf: (p, key) => ownersOf(configSchema, p, key, input),
          needs: (p) => needsOf(configSchema, p, input),
        },
      ),
    };

  const file = yaml.file;
  const configDir = dirname(resolve(file));
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(configDir, p));
  const problems: FileProblem[] = [];
  const credential = await readCredential(parsed.data, yaml, absolute, problems);
  const proxyCredentials = await readProxyCredentials(parsed.data, yaml, absolute, referenced, problems);
  problems.push(...(await unreadableFiles(parsed.data, yaml, absolute)));
  if (problems.length || !credential) return { problems };

  const ctx = { file, configDir, cwd: process.cwd(), env, hostname: hostname(), proxyCredentials };
  const config = normalize(parsed.data, credential, ctx);
  const warnings = [
    ...sourceWarnings(parsed.data.source),
    ...configWarnings(parsed.data, referenced),
    ...exposedSecretFiles(await secretFilesIn(parsed.data, absolute)),
  ];
  const located = warnings.map((w) => yaml.problem(w.path, w.message));
  return { ...view, config: { ...config, warnings: located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) } };
}

/** The `${VAR}` paths (`tenants.0.clientSecret`) as a tenant's view names them: its own keys under `source`. */
function referencedIn(view: TenantView, referenced: ReadonlySet<string>): ReadonlySet<string> {
  if (view.index === undefined) return referenced;
  const prefix = `tenants.${view.index}.`;
  const own = [...referenced].filter((p) => p.startsWith(prefix)).map((p) => `source.${p.slice(prefix.length)}`);
  return new Set([...referenced, ...own]);
}

/** Problems and warnings shared by every tenant's view are reported once. */
function unique(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A warning said alike at several keys (500 tenants naming one group-readable secret file, or each writing its secret
 * in the file) is given once, at its first place, naming the others, instead of once per tenant.
 */
function sameSaidOnce(warnings: FileProblem[]): FileProblem[] {
  const byMessage = new Map<string, FileProblem[]>();
  for (const w of warnings) {
    const alike = byMessage.get(w.message);
    if (alike) alike.push(w);
    else byMessage.set(w.message, [w]);
  }
  return [...byMessage.values()].map(([first, ...others]) => {
    if (others.length === 0) return first!;
    const named = others.slice(0, 3).map((o) => o.path || `line ${o.line}`);
    const more = others.length > named.length ? `, and ${others.length - named.length} more` : "";
    return { ...first!, message: `${first!.message} (the same at ${named.join(", ")}${more})` };
  });
}

/** What the configured source says of its own options: they work, but deserve a look. */
function sourceWarnings(source: RawConfig["source"]) {
  const warnings = sourceNamed(source.api).warnings?.(source) ?? [];
  return warnings.map((w) => ({ ...w, path: ["source", ...w.path] }));
}

/**
 * The proxy's `user:password`: from source.proxyCredentialsFile, or in source.proxy only when written there as
 * `${VAR}` (so that it comes from the environment, never from the file itself).
 */
async function readProxyCredentials(
  raw: RawConfig,
  yaml: YamlFile,
  absolute: (p: string) => string,
  referenced: ReadonlySet<string>,
  problems: FileProblem[],
): Promise<Secret | undefined> {
  const { proxy, proxyCredentialsFile } = raw.source;
  const inUrl = proxy === undefined ? undefined : urlCredentials(new URL(proxy));
  if (inUrl !== undefined && proxyCredentialsFile !== undefined)
    problems.push(yaml.problem(["source", "proxyCredentialsFile"], "conflicts with the credentials in source.proxy"));
  else if (inUrl !== undefined && !referenced.has("source.proxy"))
    problems.push(
      yaml.problem(
        ["source", "proxy"],
        "holds credentials written in the file itself: put user:password in a file named by " +
          "source.proxyCredentialsFile, or write the URL as ${VARIABLE}",
      ),
    );
  if (proxyCredentialsFile === undefined) return undefined;
  const at = ["source", "proxyCredentialsFile"];
  const text = await readSecretFile(absolute(proxyCredentialsFile), at, yaml, problems);
  if (text === undefined) return undefined;
  if (!text.includes(":")) problems.push(yaml.problem(at, `${proxyCredentialsFile} must hold user:password`));
  return new Secret(text.split(/\r?\n/)[0]!);
}

async function readSecretFile(
  path: string,
  at: KeyPath,
  yaml: YamlFile,
  problems: FileProblem[],
): Promise<string | undefined> {
  try {
    const text = (await readFile(path, "utf8")).replace(/\r?\n$/, "");
    if (text.trim() === "") problems.push(yaml.problem(at, `${path} is empty`));
    return text;
  } catch (err) {
    problems.push(yaml.problem(at, `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`));
    return undefined;
  }
}

async function readCredential(
  raw: RawConfig,
  yaml: YamlFile,
  absolute: (p: string) => string,
  problems: FileProblem[],
): Promise<Credential | undefined> {
  const s = raw.source;
  if (s.clientSecret !== undefined) return { kind: "secret", secret: new Secret(s.clientSecret) };
  if (s.clientSecretFile !== undefined) {
    const secret = await readSecretFile(absolute(s.clientSecretFile), ["source", "clientSecretFile"], yaml, problems);
    return secret === undefined ? undefined : { kind: "secret", secret: new Secret(secret) };
  }
  const c = s.certificate;
  if (c === undefined) return undefined;
  const certificatePem = await readSecretFile(
    absolute(c.certFile),
    ["source", "certificate", "certFile"],
    yaml,
    problems,
  );
  const key = await readSecretFile(absolute(c.keyFile), ["source", "certificate", "keyFile"], yaml, problems);
  if (certificatePem === undefined || key === undefined) return undefined;
  return { kind: "certificate", certificatePem, privateKey: new Secret(key), thumbprint: c.thumbprint };
}

/** Files components read later: checked now, so a typo fails at start-up rather than at the first delivery. */
async function unreadableFiles(
  raw: RawConfig,
  yaml: YamlFile,
  absolute: (p: string) => string,
): Promise<FileProblem[]> {
  const files = localPathsIn(configSchema, raw)
    .filter((p) => p.access === "read")
    .map(({ at, path }) => ({ at, path: absolute(path) }));
  const problems = await Promise.all(
    files.map(({ at, path }) =>
      access(path).then(
        () => undefined,
        (err: NodeJS.ErrnoException) => yaml.problem(at, `cannot read ${path} (${err.code ?? String(err)})`),
      ),
    ),
  );
  return problems.filter((p) => p !== undefined);
}

/** The files the configuration names that hold secrets, with their permissions (those that cannot be read are not). */
async function secretFilesIn(raw: RawConfig, absolute: (p: string) => string): Promise<SecretFile[]> {
  const named = registeredIn(secretFiles, configSchema, raw).filter((r) => typeof r.value === "string");
  const files = await Promise.all(
    named.map(({ at, value, meta }) =>
      stat(absolute(value as string)).then(
        ({ mode }) => ({ at, path: absolute(value as string), holds: meta.holds, mode }),
        () => undefined,
      ),
    ),
  );
  return files.filter((f) => f !== undefined);
}
