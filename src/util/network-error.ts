/** What went wrong on the wire, in a few words, from got's (or Node's) error: never the request's options or body. */
export function networkProblem(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message.split("\n")[0]! : String(err);
  return typeof e.code === "string" && !message.includes(e.code) ? `${message} (${e.code})` : message;
}
