/** The command line's streams, captured in memory. */
import { Writable } from "node:stream";

function collector(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export function captureIo(env: NodeJS.ProcessEnv = {}) {
  const out = collector();
  const err = collector();
  return { io: { stdout: out.stream, stderr: err.stream, env }, stdout: out.text, stderr: err.text };
}
