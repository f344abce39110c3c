/**
 * The JSON readers scan strings in linear time whatever their escapes: 8 MiB of backslashes is read within a small
 * factor of 8 MiB of plain text (a re-search after every escape made it quadratic: 4 MiB took 8.4 s against 24 ms).
 * A ratio, generous, rather than a time: the machine's speed does not matter, the curve's shape does.
 */
import { describe, expect, it } from "vitest";
import { jsonArrayElements } from "../../../../src/sources/shared/json-array.js";
import { readEnvelope } from "../../../../src/sources/shared/json-envelope.js";

const SIZE = 8 * 1024 * 1024;
const CHUNK = 256 * 1024;

function chunks(text: string): Buffer[] {
  const all = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < all.length; at += CHUNK) out.push(all.subarray(at, at + CHUNK));
  return out;
}

/** The fastest of three runs, in ms. */
async function fastest(run: () => Promise<void>): Promise<number> {
  let best = Infinity;
  for (let n = 0; n < 3; n++) {
    const started = performance.now();
    await run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const plain = "a".repeat(SIZE);
const backslashes = "\\".repeat(SIZE);
const quotes = '\\"'.repeat(SIZE / 2);

describe("string scanning", () => {
  it.each([
    ["backslashes", backslashes],
    ["escaped quotes", quotes],
  ])(
    "8 MiB of %s reads within 20x the time of 8 MiB of plain text",
    async (_name, escaped) => {
      const readArray = (content: string) => {
        const body = chunks(`[{"id":1,"text":"${content}"}]`);
        return async () => {
          let n = 0;
          for await (const element of jsonArrayElements(body)) if ("value" in element) n++;
          expect(n).toBe(1);
        };
      };
      const readOData = (content: string) => {
        const body = chunks(`{"@odata.context":"${content.slice(0, 1000)}","value":[{"text":"${content}"}]}`);
        return async () => {
          expect((await readEnvelope(body, () => undefined)).elements).toBe(1);
        };
      };
      const arrayRatio = (await fastest(readArray(escaped))) / (await fastest(readArray(plain)));
      const envelopeRatio = (await fastest(readOData(escaped))) / (await fastest(readOData(plain)));
      expect(arrayRatio).toBeLessThan(20);
      expect(envelopeRatio).toBeLessThan(20);
    },
    60_000,
  );
});
