/**
 * A process's memory and CPU as Linux reports them (/proc/PID/status and /proc/PID/stat), read from outside, so
 * the measuring costs the measured process nothing.
 */
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProcUsage {
  /** Resident set size now, and its high-water mark (VmHWM), in bytes. */
  rss: number;
  peakRss: number;
  /** User plus system CPU time so far, in seconds. */
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100;

function kilobytes(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** The usage of a live process, or undefined once it has exited. */
export async function procUsage(pid: number): Promise<ProcUsage | undefined> {
  try {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, "utf8"),
      readFile(`/proc/${pid}/stat`, "utf8"),
    ]);
    // Fields after the command name (which may hold spaces) start after its closing parenthesis: utime is the 14th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (!status.includes("VmRSS")) return undefined;
    return {
      rss: kilobytes(status, "VmRSS"),
      peakRss: kilobytes(status, "VmHWM"),
      cpuSeconds: ticks / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** The process's children (needs a kernel with CONFIG_PROC_CHILDREN, which Debian's has). */
export async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text.split(" ").filter(Boolean).map(Number);
}

async function commandName(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "?")).trim();
}

export interface ProcessPeak {
  /** The highest VmHWM seen (a process's own high-water mark, so a short peak between samples counts). */
  peakRss: number;
  /** CPU time at the last sample. */
  cpuSeconds: number;
}

/**
 * Samples a process and its descendants every `intervalMs` until `stop()`, which returns what was seen per command
 * name (several processes of one name: the largest peak, the CPU times added).
 */
export function watchPeaks(root: number, intervalMs = 20): { stop(): Promise<Map<string, ProcessPeak>> } {
  const seen = new Map<number, { name: string; peakRss: number; cpuSeconds: number }>();
  const sample = async (pid: number): Promise<void> => {
    const usage = await procUsage(pid);
    if (!usage) return;
    const entry = seen.get(pid) ?? { name: await commandName(pid), peakRss: 0, cpuSeconds: 0 };
    seen.set(pid, { ...entry, peakRss: Math.max(entry.peakRss, usage.peakRss), cpuSeconds: usage.cpuSeconds });
    await Promise.all((await childPids(pid)).map(sample));
  };
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      await sample(root);
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await sampling;
      const byName = new Map<string, ProcessPeak>();
      for (const { name, peakRss, cpuSeconds } of seen.values()) {
        const before = byName.get(name) ?? { peakRss: 0, cpuSeconds: 0 };
        byName.set(name, { peakRss: Math.max(before.peakRss, peakRss), cpuSeconds: before.cpuSeconds + cpuSeconds });
      }
      return byName;
    },
  };
}
