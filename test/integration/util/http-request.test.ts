/** The HTTP client against real local servers: bodies (compressed too), forms, timeouts, cancellation, no redirects. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpTimeoutError, httpRequest, readText } from "../../../src/util/http-request.js";
import { freeTcpPort } from "../../support/ports.js";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (c: Buffer) => (body += c.toString()));
    request.on("end", () => routes.get(new URL(request.url!, "http://x").pathname)?.(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = { connectTimeoutMs: 2000, requestTimeoutMs: 2000 };
const JSON_TEXT = JSON.stringify([{ AlertId: "a", Description: "é ".repeat(2000) }]);

describe("httpRequest", () => {
  it("sends the query and headers, and gives status, headers and body", async () => {
    routes.set("/echo", (request, _body, response) =>
      response.writeHead(207, { "x-seen": `${request.url} ${request.headers.authorization} ${request.headers["user-agent"]}` }).end("done"),
    );
    const response = await httpRequest(`${base}/echo?a=1&b=x+y`, { ...options, headers: { authorization: "Bearer t" } });
    expect(response.status).toBe(207);
    expect(response.headers["x-seen"]).toBe("/echo?a=1&b=x+y Bearer t mde-forwarder");
    expect(await readText(response.body)).toBe("done");
  });

  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ])("asks for compressed bodies and decompresses %s", async (encoding, compress) => {
    routes.set("/compressed", (request, _body, response) => {
      expect(request.headers["accept-encoding"]).toContain(encoding);
      response.writeHead(200, { "content-encoding": encoding }).end(compress(Buffer.from(JSON_TEXT)));
    });
    expect(await readText((await httpRequest(`${base}/compressed`, options)).body)).toBe(JSON_TEXT);
  });

  it("fails the body of a corrupt compressed response", async () => {
    routes.set("/corrupt", (_request, _body, response) => response.writeHead(200, { "content-encoding": "gzip" }).end("not gzip at all"));
    const response = await httpRequest(`${base}/corrupt`, options);
    await expect(readText(response.body)).rejects.toThrow(/header/i);
  });

  it("posts a form", async () => {
    routes.set("/token", (request, body, response) => response.end(`${request.method} ${request.headers["content-type"]} ${body}`));
    const response = await httpRequest(`${base}/token`, { ...options, method: "POST", form: { grant_type: "client_credentials", scope: "a b/.default" } });
    expect(await readText(response.body)).toBe("POST application/x-www-form-urlencoded grant_type=client_credentials&scope=a+b%2F.default");
  });

  it("times out a response whose headers do not come", async () => {
    routes.set("/silent", () => undefined);
    const error = await httpRequest(`${base}/silent`, { ...options, requestTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({ code: "ETIMEDOUT", message: "Timeout awaiting 'request' for 200ms" });
  });

  it("times out a body that stops in the middle, compressed or not", async () => {
    routes.set("/stalls", (request, _body, response) => {
      const gzip = request.url!.includes("gzip");
      response.writeHead(200, gzip ? { "content-encoding": "gzip" } : {});
      response.write(gzip ? gzipSync("[1,2,3]").subarray(0, 10) : "[1,2,");
    });
    for (const path of ["/stalls", "/stalls?gzip"]) {
      const response = await httpRequest(`${base}${path}`, { ...options, requestTimeoutMs: 300 });
      await expect(readText(response.body)).rejects.toMatchObject({ code: "ETIMEDOUT" });
    }
  });

  it("stops when its signal aborts", async () => {
    routes.set("/slow", () => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(httpRequest(`${base}/slow`, { ...options, signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports a refused connection with its code", async () => {
    const port = await freeTcpPort();
    await expect(httpRequest(`http://127.0.0.1:${port}/`, options)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("does not follow redirects", async () => {
    routes.set("/moved", (_request, _body, response) => response.writeHead(302, { location: "http://elsewhere.example/" }).end());
    const response = await httpRequest(`${base}/moved`, options);
    expect([response.status, response.headers.location]).toEqual([302, "http://elsewhere.example/"]);
    response.body.destroy();
  });

  it("reads at most the limit of a long body", async () => {
    routes.set("/long", (_request, _body, response) => response.end("x".repeat(1_000_000)));
    const text = await readText((await httpRequest(`${base}/long`, options)).body, 1000);
    expect(text.length).toBeGreaterThanOrEqual(1000);
    expect(text.length).toBeLessThan(1_000_000);
  });
});
