/**
 * The state file of one source (tenant + API): read at start, replaced atomically whenever the checkpoint keeper
 * saves (write a temporary file, fsync, rename, fsync the directory), so a crash leaves the old or the new state,
 * never half.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { AppError, ExitCode } from "../errors.js";
import type { SourceState } from "./checkpoint.js";
import { acquireLock, type Lock } from "./lock.js";

const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

interface StateFile {
  version: 1;
  api: string;
  tenantId: string;
  /** With `tenants:`: the tenant's name (a file written without `tenants:` has none). */
  tenant?: string;
  checkpoint: string | null;
  delivered: [identity: string, time: string][];
}

export interface StateKey {
  api: string;
  tenantId: string;
  /** With `tenants:`: the tenant's name, which leads the file's name. */
  tenant?: string;
}

export class StateStore {
  /** Times as written, kept from save to save: an identity is saved again and again while it is in the overlap. */
  #times = new Map<number, string>();

  private constructor(
    readonly file: string,
    private readonly key: StateKey,
    private readonly lock: Lock,
    /** The single-tenant state file this tenant's took over when it opened, if it did. */
    readonly adopted?: string,
  ) {}

  /**
   * Opens the state of `key` in `dir`, creating the directory; fails if another forwarder holds it. A tenant
   * without a state file of its own takes over the single-tenant file of the same API and tenant ID, if there is
   * one: moving a configuration to `tenants:` sends nothing again.
   */
  static async open(dir: string, key: StateKey): Promise<StateStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      throw stateError("E_STATE_DIR", `cannot create the state directory ${dir} (${err.code ?? err.message})`, err);
    });
    await refuseUnsafeDirectory(dir);
    const lock = await acquireLock(`${stateFile(dir, key)}.lock`);
    const file = `${stateFile(dir, key)}.json`;
    try {
      const adopted = key.tenant === undefined ? undefined : await adoptSingleTenantFile(dir, key, file);
      return new StateStore(file, key, lock, adopted);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /** The saved state without taking the lock (a dry run beside a running daemon); empty if there is none. */
  static async peek(dir: string, key: StateKey): Promise<SourceState> {
    return new StateStore(`${stateFile(dir, key)}.json`, key, { release: () => Promise.resolve() }).load();
  }

  async load(): Promise<SourceState> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { delivered: new Map() };
      throw stateError(
        "E_STATE_READ",
        `cannot read the state file ${this.file} (${(err as NodeJS.ErrnoException).code})`,
        err,
      );
    }
    return this.parse(text);
  }

  async save(state: SourceState): Promise<void> {
    const content: StateFile = {
      version: 1,
      api: this.key.api,
      tenantId: this.key.tenantId,
      ...(this.key.tenant === undefined ? {} : { tenant: this.key.tenant }),
      checkpoint: state.checkpoint === undefined ? null : new Date(state.checkpoint).toISOString(),
      delivered: this.#written(state.delivered),
    };
    // A fresh name, created exclusively and never through a link: whatever was planted beside the file is not written.
    const temporary = `${this.file}.${randomBytes(8).toString("hex")}.tmp`;
    try {
      const handle = await open(temporary, EXCLUSIVE, 0o600);
      try {
        await handle.writeFile(JSON.stringify(content));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
      await syncDirectory(join(this.file, ".."));
    } catch (err) {
      await unlink(temporary).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw stateError(
        "E_STATE_WRITE",
        `cannot write the state file ${this.file} (${code}); the checkpoint was not advanced`,
        err,
      );
    }
  }

  /** The identities with their times as written, converting only times not written before. */
  #written(delivered: ReadonlyMap<string, number>): [string, string][] {
    if (this.#times.size > 2 * delivered.size + 1000) this.#times = new Map();
    const written: [string, string][] = [];
    for (const [id, time] of delivered) {
      let text = this.#times.get(time);
      if (text === undefined) this.#times.set(time, (text = new Date(time).toISOString()));
      written.push([id, text]);
    }
    return written;
  }

  async close(): Promise<void> {
    await this.lock.release();
  }

  private parse(text: string): SourceState {
    const corrupt = (why: string) =>
      stateError(
        "E_STATE_CORRUPT",
        `the state file ${this.file} is unusable (${why}): restore it from a backup, or remove it to start again from source.lookback`,
      );
    let data: StateFile;
    try {
      data = JSON.parse(text) as StateFile;
    } catch {
      throw corrupt("not JSON");
    }
    if (data?.version !== 1 || !Array.isArray(data.delivered)) throw corrupt("unknown format");
    if (data.api !== this.key.api || data.tenantId !== this.key.tenantId)
      throw corrupt(`it belongs to ${data.api} ${data.tenantId}`);
    if (data.tenant !== undefined && data.tenant !== this.key.tenant)
      throw corrupt(`it belongs to tenant ${data.tenant}`);
    const checkpoint = data.checkpoint === null ? undefined : Date.parse(data.checkpoint);
    if (Number.isNaN(checkpoint)) throw corrupt("bad checkpoint");
    const delivered = new Map(data.delivered.map(([id, time]) => [id, Date.parse(time)] as const));
    if ([...delivered.values()].some(Number.isNaN)) throw corrupt("bad time in the delivered identities");
    return { checkpoint, delivered };
  }
}

/**
 * Another user who can write the state directory can move the checkpoint or plant links; one who owns it can do so
 * later. Either is refused at start rather than trusted.
 */
async function refuseUnsafeDirectory(dir: string): Promise<void> {
  const info = await stat(dir);
  const uid = process.getuid?.();
  const problem =
    uid !== undefined && info.uid !== uid
      ? `is owned by user ${info.uid}, not by this process's user ${uid}`
      : (info.mode & 0o022) !== 0
        ? `is writable by ${info.mode & 0o002 ? "others" : "its group"} (mode ${(info.mode & 0o7777).toString(8)})`
        : undefined;
  if (problem)
    throw stateError(
      "E_STATE_DIR_UNSAFE",
      `the state directory ${dir} ${problem}: another user could change or replace the checkpoint; use a directory only this user can write (chmod 700, chown), such as systemd's StateDirectory=`,
    );
}

/** `graph-TENANTID`, and with `tenants:` `NAME.graph-TENANTID` (names are [a-z0-9-]). */
function stateFile(dir: string, key: StateKey): string {
  const name = `${key.api}-${key.tenantId}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return join(dir, key.tenant === undefined ? name : `${key.tenant}.${name}`);
}

/**
 * Moves the single-tenant state file of the tenant's API and tenant ID to `file` when `file` does not exist yet;
 * returns the file moved. Its lock is taken meanwhile: a single-tenant forwarder still running with it is an error.
 */
async function adoptSingleTenantFile(dir: string, key: StateKey, file: string): Promise<string | undefined> {
  if (await exists(file)) return undefined;
  const single = stateFile(dir, { api: key.api, tenantId: key.tenantId });
  const lock = await acquireLock(`${single}.lock`);
  try {
    if (!(await exists(`${single}.json`))) return undefined;
    await rename(`${single}.json`, file);
    await syncDirectory(dir);
    return `${single}.json`;
  } finally {
    await lock.release();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return false;
      throw stateError("E_STATE_READ", `cannot read the state file ${file} (${err.code})`, err);
    },
  );
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function stateError(code: string, message: string, cause?: unknown): AppError {
  return new AppError(code, message, ExitCode.runtime, {}, { cause });
}
