/** Lets a loop sleep until something happens: `wait()` resolves at the next `wake()` (or at once if one came since). */
export class Wakeup {
  #pending = false;
  #resolve?: () => void;

  wake(): void {
    this.#pending = true;
    this.#resolve?.();
    this.#resolve = undefined;
  }

  wait(): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#resolve = () => {
        this.#pending = false;
        resolve();
      };
    });
  }
}
