/**
 * A fast local TCP receiver that only counts bytes, in a worker thread so it does not share the sender's event
 * loop. `expect(n)` resolves once n more bytes arrived (over any number of connections).
 */
import { Worker } from "node:worker_threads";

const WORKER = `
const { parentPort } = require("node:worker_threads");
const net = require("node:net");
let received = 0, target = Infinity;
const server = net.createServer((socket) => socket.on("data", (chunk) => {
  received += chunk.length;
  if (received >= target) { target = Infinity; parentPort.postMessage({ done: received }); }
}).on("error", () => {}));
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => { if (m === "close") server.close(() => process.exit(0)); else { received = 0; target = m; } });
`;

export interface ByteSink {
  port: number;
  /** Resolves when `bytes` more bytes arrived. Call before sending. */
  expect(bytes: number): Promise<void>;
  close(): Promise<void>;
}

export async function startByteSink(): Promise<ByteSink> {
  const worker = new Worker(WORKER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once("message", (m: { port: number }) => resolve(m.port)));
  return {
    port,
    expect(bytes) {
      const done = new Promise<void>((resolve) => worker.once("message", () => resolve()));
      worker.postMessage(bytes);
      return done;
    },
    async close() {
      worker.postMessage("close");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}
