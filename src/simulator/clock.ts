/** The simulator's time: the real clock by default, or frozen at a given time and moved by the test. */
export class SimClock {
  #frozen: number | undefined;
  #offset = 0;

  constructor(start?: number) {
    this.#frozen = start;
  }

  now(): number {
    return this.#frozen ?? Date.now() + this.#offset;
  }

  /** Freezes the clock at `ms`. */
  set(ms: number): void {
    this.#frozen = ms;
  }

  advance(ms: number): void {
    if (this.#frozen === undefined) this.#offset += ms;
    else this.#frozen += ms;
  }
}
