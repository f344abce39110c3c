/**
 * One forwarder per state file: a lock file holding the owner's pid, created exclusively. A lock whose process is
 * gone (after a crash or SIGKILL) is taken over, so a restart never needs a person to clean up.
 */
import { open, readFile, unlink } from "node:fs/promises";
import { AppError, ExitCode } from "../errors.js";

export interface Lock {
  release(): Promise<void>;
}

/**
 * Lock files this process holds: its own pid in a lock it does not hold is a previous life (pid reuse in a container).
 */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function acquireLock(path: string): Promise<Lock> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      held.add(path);
      return {
        release: async () => {
          held.delete(path);
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new AppError(
          "E_STATE_LOCK",
          `cannot create the lock file ${path} (${(err as NodeJS.ErrnoException).code})`,
          ExitCode.runtime,
        );
      }
      const owner = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      const ours = owner === process.pid;
      if ((ours && held.has(path)) || (!ours && Number.isInteger(owner) && isAlive(owner))) {
        throw new AppError(
          "E_STATE_LOCKED",
          `another forwarder (pid ${owner}) is using ${path}: stop it, or give this one its own state.dir`,
          ExitCode.runtime,
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new AppError("E_STATE_LOCK", `cannot take the lock file ${path}`, ExitCode.runtime);
}
