/** The little of syslog-client (untyped CommonJS) that the benchmark uses. */
declare module "syslog-client" {
  export const Transport: { Tcp: number; Udp: number };
  export interface ClientOptions {
    transport?: number;
    port?: number;
    syslogHostname?: string;
    appName?: string;
    rfc3164?: boolean;
    facility?: number;
    severity?: number;
    tcpTimeout?: number;
  }
  export interface Client {
    log(message: string, options: ClientOptions, callback: (error?: Error | null) => void): void;
    close(): void;
    on(event: "error", listener: (error: Error) => void): void;
  }
  export function createClient(target: string, options: ClientOptions): Client;
}
