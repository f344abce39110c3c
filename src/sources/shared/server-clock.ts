/**
 * The API's clock, read from the `Date` header of its responses. The API stamps records (LastProcessedTimeUtc) with
 * its own clock, so a poll must run up to the API's "now", not the local clock's: a local clock running fast would
 * move the checkpoint past records the API has yet to publish, and one running slow would leave them waiting.
 */
export class ServerClock {
  #offsetMs: number | undefined;

  constructor(private readonly localNow: () => number) {}

  /** Notes the `Date` header of a response received just now; an absent or unreadable one changes nothing. */
  observe(date: string | undefined): void {
    const at = date === undefined ? Number.NaN : Date.parse(date);
    if (!Number.isNaN(at)) this.#offsetMs = at - this.localNow();
  }

  /**
   * The API's current time, once a response has told it. `Date` has whole seconds and is written before the response
   * travels, so this is up to a second early: a poll ends a little before the API's now, never after it.
   */
  now(): number | undefined {
    return this.#offsetMs === undefined ? undefined : this.localNow() + this.#offsetMs;
  }
}
