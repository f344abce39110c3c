/**
 * One HTTP(S) request on Node's own http and https modules, with what the forwarder needs of a client: a timeout for
 * connecting and one for the whole exchange (body included), cancellation, and compressed bodies. A client library
 * did this too, but loading it alone took ~10 MB of the daemon's ~85 MB (docs/performance.md). Redirects are not
 * followed: the token and the APIs answer where they are configured, and a bearer token goes nowhere else.
 */
import { request as plainRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as tlsRequest } from "node:https";
import type { Socket } from "node:net";
import { pipeline, type Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

export interface HttpRequestOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A form body (application/x-www-form-urlencoded), for POST. */
  form?: Record<string, string>;
  /** Until the connection is established. */
  connectTimeoutMs: number;
  /** From the start until the whole response body has arrived. */
  requestTimeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, decompressed. Read it to its end or destroy it. */
  body: Readable;
}

/** A timeout, described as the client library described it (messages and tests keep their words). */
export class HttpTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(
    readonly phase: "connect" | "request",
    readonly timeoutMs: number,
  ) {
    super(`Timeout awaiting '${phase}' for ${timeoutMs}ms`);
    this.name = "TimeoutError";
  }
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = { gzip: createGunzip, "x-gzip": createGunzip, deflate: createInflate, br: createBrotliDecompress };

/** Resolves with the response once its headers have arrived; rejects on a network error, a timeout or an abort. */
export function httpRequest(url: string | URL, options: HttpRequestOptions): Promise<HttpResponse> {
  const target = typeof url === "string" ? new URL(url) : url;
  const form = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers = {
    "user-agent": "mde-forwarder",
    "accept-encoding": "gzip, deflate, br",
    ...options.headers,
    ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(form)) }),
  };
  const send = target.protocol === "https:" ? tlsRequest : plainRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, { method: options.method ?? "GET", headers, signal: options.signal });
    const fail = watchTimeouts(request, options);
    request.once("error", reject);
    request.once("response", (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: decoded(response, fail) }));
    request.end(form);
  });
}

/** Arms both timeouts; returns how a late failure reaches the response too. */
function watchTimeouts(request: ClientRequest, options: HttpRequestOptions): (err: Error) => void {
  let response: IncomingMessage | undefined;
  const fail = (err: Error) => {
    response?.destroy(err);
    request.destroy(err);
  };
  // Unreferenced: the socket keeps the process alive while the exchange lasts, the timer alone must not.
  const whole = setTimeout(() => fail(new HttpTimeoutError("request", options.requestTimeoutMs)), options.requestTimeoutMs).unref();
  const done = () => clearTimeout(whole);
  request.once("close", () => (response && !response.closed ? response.once("close", done) : done()));
  request.once("response", (r: IncomingMessage) => (response = r));
  request.once("socket", (socket: Socket) => {
    if (!socket.connecting) return;
    const connecting = setTimeout(() => fail(new HttpTimeoutError("connect", options.connectTimeoutMs)), options.connectTimeoutMs);
    socket.once("connect", () => clearTimeout(connecting));
    socket.once("close", () => clearTimeout(connecting));
  });
  return fail;
}

/** The body as sent, or through the decompressor its content-encoding names. */
function decoded(response: IncomingMessage, fail: (err: Error) => void): Readable {
  const decoder = DECODERS[(response.headers["content-encoding"] ?? "").trim().toLowerCase()];
  if (!decoder) return response;
  return pipeline(response, decoder(), (err) => {
    if (err) fail(err);
  }) as unknown as Readable;
}

/** At most `limit` bytes of a body as text; the rest is not read, and the body is released. */
export async function readText(body: Readable, limit = Infinity): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString("utf8");
}
