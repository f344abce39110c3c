/**
 * Syslog over UDP (RFC 5426): one message per datagram, the size checked before sending. Best effort by nature:
 * `send` resolves when the kernel took every datagram; nothing tells whether they arrived.
 */
import { createSocket, type Socket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { AppError } from "../../errors.js";
import { BaseTransport } from "../base.js";
import { renderMessages, splitChunk } from "../render.js";
import type { OutgoingMessage } from "../transport.js";
import type { UdpOptions } from "./options.js";

/**
 * The largest UDP payload: 65,535 minus the IP and UDP headers (IPv4 20 + 8, IPv6 8: the IPv6 header is not counted).
 */
const MAX_DATAGRAM = { 4: 65_507, 6: 65_527 } as const;

interface Target {
  socket: Socket;
  address: string;
  family: 4 | 6;
}

/** A datagram the kernel took is confirmed at once: nothing could tell more. */
export class UdpTransport<Ref> extends BaseTransport<Ref, UdpOptions> {
  #target?: Promise<Target>;

  get destination(): string {
    return `${this.output.transport} ${this.output.host}:${this.output.port}`;
  }

  protected get connected(): boolean {
    return this.#target !== undefined;
  }

  /** The host is resolved once per socket; after an error the next send resolves it again. */
  #resolve(): Promise<Target> {
    if (this.#target) return this.#target;
    const target = lookup(this.output.host).then(({ address, family }): Target => {
      const socket = createSocket(family === 6 ? "udp6" : "udp4");
      socket.on("error", (err) => this.#reset(err));
      socket.unref();
      return { socket, address, family: family === 6 ? 6 : 4 };
    });
    this.#target = target;
    target.catch(() => {
      if (this.#target === target) this.#target = undefined;
    });
    return target;
  }

  #reset(err: Error): void {
    this.lastError = err.message;
    const target = this.#target;
    this.#target = undefined;
    void target?.then(
      (t) => t.socket.close(),
      () => undefined,
    );
  }

  async send(messages: readonly OutgoingMessage<Ref>[]): Promise<void> {
    this.assertOpen();
    const datagrams = renderMessages(messages, this.output, "datagram", this.now()).flatMap(splitChunk);
    const target = await this.#resolve().catch((err: Error) => {
      throw new AppError("E_CONNECT", `cannot resolve ${this.output.host}: ${err.message}`, 1, {}, { cause: err });
    });
    const tooBig = datagrams.findIndex((d) => d.length > MAX_DATAGRAM[target.family]);
    if (tooBig >= 0)
      throw new AppError("E_MESSAGE_TOO_LARGE", `message ${tooBig} does not fit one UDP datagram`, 1, {
        index: tooBig,
        limit: MAX_DATAGRAM[target.family],
        actual: datagrams[tooBig]!.length,
      });
    try {
      await Promise.all(datagrams.map((d) => this.#sendOne(target, d)));
      this.lastError = undefined;
    } catch (err) {
      this.#reset(err as Error);
      throw new AppError("E_DELIVERY", `${this.destination}: ${(err as Error).message}`, 1, {}, { cause: err });
    }
    this.confirm(messages.map((m) => m.ref));
  }

  #sendOne(target: Target, data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      target.socket.send(data, this.output.port, target.address, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** UDP is best effort: nothing is held back for a resend, so nothing is handed back. */
  async close(): Promise<Ref[]> {
    this.markClosed();
    const target = await this.#target?.catch(() => undefined);
    this.#target = undefined;
    if (target) await new Promise<void>((resolve) => target.socket.close(() => resolve()));
    return [];
  }
}
