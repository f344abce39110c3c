/** One `send` call's promise: settled when all its messages were written on a live connection, or when it failed. */
export class Delivery {
  readonly done: Promise<void>;
  /** Connection attempts that failed while this delivery waited. */
  failedAttempts = 0;
  #remaining: number;
  #settled = false;
  #resolve!: () => void;
  #reject!: (err: Error) => void;

  constructor(messages: number) {
    this.#remaining = messages;
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** `count` of its messages were handed to a live connection. */
  written(count: number): void {
    this.#remaining -= count;
    if (this.#remaining <= 0 && !this.#settled) {
      this.#settled = true;
      this.#resolve();
    }
  }

  fail(err: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(err);
  }
}
