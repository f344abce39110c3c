/**
 * Watches everything scenarios let out (log lines, error messages, process output, /metrics, /status) for the secrets
 * they used: client secrets, every access token the simulated Entra ID issued, private keys. A leak is reported with
 * where it was found; what was scanned is counted for the published figures.
 */
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { Simulator } from "../../src/simulator/index.js";
import type { SecretScan } from "./reliability-results.js";

export interface Leak {
  where: string;
  secret: string;
}

export class SecretWatch {
  readonly #captured: { where: string; text: string }[] = [];
  readonly #secrets = new Map<string, string>();
  readonly #simulators: Simulator[] = [];

  /** A secret by its kind ("client secret", "private key"); a PEM key is watched by each line of its base64 body. */
  secret(kind: string, value: string): this {
    const pieces = value.includes("-----BEGIN")
      ? value.split("\n").filter((l) => l.length >= 40 && !l.startsWith("-----"))
      : [value];
    for (const piece of pieces) this.#secrets.set(piece, kind);
    return this;
  }

  /** The simulator's client secret, and every access token it issues. */
  simulator(sim: Simulator): this {
    this.#simulators.push(sim);
    return this.secret("client secret", sim.clientSecret);
  }

  capture(where: string, text: string): void {
    this.#captured.push({ where, text });
  }

  /** What was captured for `where`, in order. */
  captured(where: string): string {
    return this.#captured
      .filter((c) => c.where === where)
      .map((c) => c.text)
      .join("");
  }

  /** A debug-level logger whose lines are captured. */
  logger(where: string): Logger {
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.capture(where, chunk.toString());
        done();
      },
    });
    return pino({ level: "debug" }, stream);
  }

  leaks(): Leak[] {
    for (const sim of this.#simulators)
      for (const token of sim.entra.issuedTokens()) this.#secrets.set(token, "access token");
    const found: Leak[] = [];
    for (const { where, text } of this.#captured) {
      for (const [secret, kind] of this.#secrets) if (text.includes(secret)) found.push({ where, secret: kind });
    }
    return found;
  }

  /** Scans everything captured; the figures for the results file. */
  scan(): SecretScan & { found: Leak[] } {
    const found = this.leaks();
    const bytes = this.#captured.reduce((sum, c) => sum + c.text.length, 0);
    return { items: this.#captured.length, bytes, secrets: this.#secrets.size, leaks: found.length, found };
  }
}
