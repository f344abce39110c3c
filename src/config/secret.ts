import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A secret value (client secret, private key, access token). Logging, JSON and string conversion all show
 * `[redacted]`; only `reveal()` gives the value, at the one place that sends it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
