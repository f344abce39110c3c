/**
 * A hostile HTTP(S) endpoint on loopback: it answers each request with whatever the test scripts, and records every
 * request it got (method, path, headers, body), so a test can prove that something never arrived.
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface HostileServer {
  /** `http://127.0.0.1:PORT` or `https://…`. */
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export type Handler = (request: Received, response: ServerResponse) => void | Promise<void>;

/** Starts a server on 127.0.0.1; `tls` (PEM files) makes it HTTPS. Closed after the test file. */
export async function hostileServer(handler: Handler, tls?: { cert: string; key: string }): Promise<HostileServer> {
  const received: Received[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(request);
      Promise.resolve(handler(request, res)).catch((err: unknown) => res.destroy(err as Error));
    });
  };
  const server = tls
    ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, listener)
    : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  afterAll(close);
  return { url: `${tls ? "https" : "http"}://127.0.0.1:${port}`, received, close };
}

/** Answers with JSON. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
