/**
 * docs/reliability.md from the reliability suite's results: the machine and the run, the guarantees in words, then a
 * table of figures per scenario group with what the group shows. Pure: the runner (reliability.ts) gathers the input.
 */
import type { GroupResults, ScenarioFigures } from "../test/support/reliability-results.js";

export interface RunInfo {
  date: string;
  node: string;
  machine: string;
  rsyslog: string;
  /** The whole reliability project, wall clock. */
  seconds: number;
  tests: { passed: number; total: number };
  files: { file: string; seconds: number; tests: number }[];
}

interface GroupText {
  slug: string;
  title: string;
  /** How the scenarios are run and what the figures show. */
  method: string;
}

/** The groups in the order of the scenario list; each must have results. */
export const GROUPS: GroupText[] = [
  {
    slug: "receiver-faults",
    title: "Receiver faults",
    method:
      "The whole forwarder in one process: the simulated tenant over HTTP, the default CEF mapping, and a real rsyslog " +
      "over TCP, mutual TLS, RELP (imrelp) and RELP over mutual TLS, 5,000 records each (900 for the outage). Network faults come from a proxy in front " +
      "of rsyslog (`test/support/faulty-proxy.ts`) that stops reading, resets connections (TCP RST) after a random " +
      "number of bytes, cutting messages anywhere, or closes them at their first bytes (as a TLS port does under " +
      "plain TCP). Over RELP, the stalled receiver first takes 200,000 bytes (its session opens and messages are " +
      "acknowledged), then output.ackTimeout (1 s) ends each silent session. The reference row is rsyslog's own RELP " +
      "client under the same resets (the same seed): the forwarder writes over plain TCP, with no fault, to a second " +
      "rsyslog whose omrelp (window 128) forwards through the proxy to imrelp. The last two scenarios are TCP only, " +
      "one with `node dist/cli.js run` SIGKILLed after a lost connection. Every message is compared byte for byte with what the record must give: a message cut short " +
      "never counts as received.",
  },
  {
    slug: "crashes",
    title: "Forwarder crashes",
    method:
      "`node dist/cli.js run` as operators start it, SIGKILLed at 20 points of a 20,000-record catch-up and started " +
      "again each time. The points come from a seeded generator (the seed is in the table; `RELIABILITY_SEED` replays " +
      "another): most fall while messages flow (at a byte count of the receiver's file), about one in five during " +
      "start-up (lock, state, first request).",
  },
  {
    slug: "api-faults",
    title: "API faults",
    method:
      "One forwarder (source.maxRetries 1, maxRetryWait PT3S, requestTimeout PT1S) and the simulator's fault queue. " +
      "For each fault: 60 fresh records, the fault, then polls until one succeeds, as the daemon's next ticks would. " +
      "'Failed polls' names the error each failed poll reported.",
  },
  {
    slug: "time",
    title: "Late records and clock skew",
    method:
      "Late records: 20 records per lateness (the time between a record's LastProcessedTimeUtc and the moment the API " +
      "shows it), one poll per simulated minute for 46 minutes, overlap 10 minutes. 'Promised by the rule' is what the " +
      "guarantee below says must arrive; the test checks the forwarder delivers exactly that. Clock skew: the " +
      "simulator's clock is set ahead of or behind the forwarder's, and records are published at the API's time.",
  },
  {
    slug: "disk",
    title: "Disk faults",
    method:
      "The state directory is a 256 KiB tmpfs mounted by the test: filled to the last byte (ENOSPC), or remounted " +
      "read-only (EROFS), during a poll; then repaired. Needs root (permission bits do not stop root); skipped elsewhere.",
  },
  {
    slug: "hostile-content",
    title: "Hostile content",
    method:
      "10,000 generated records (seeded) with adversarial values in every field: CEF and LEEF delimiters, `\\`, `=`, " +
      "CR/LF, NUL and other control characters, lone UTF-16 surrogates, any Unicode, numbers, booleans, null, lists and " +
      "objects; ten records carry a 1 MB string and ten JSON nested 10,000 levels deep. They go through the API, the " +
      "default mappings and the transports into rsyslog. Every message must parse with the strict decoders (and " +
      "lognormalizer for CEF) to the values its record holds (cut only at the end, or left out, when the message " +
      "needed the room), hold no key the mapping does not write, and stay within output.maxMessageBytes.",
  },
  {
    slug: "security",
    title: "Security",
    method:
      "Every group scans what its scenarios let out (log lines at debug level, error messages, process output, " +
      "/healthz, /readyz, /metrics and /status) for the secrets they used: the client secret, every access token the " +
      "simulated Entra ID issued, the private keys of the certificate credential and of the TLS client certificate.",
  },
  {
    slug: "soak",
    title: "Soak",
    method:
      "`run` polling every second instead of every minute (an hour of polls in one minute), its other times divided " +
      "by 60 too (overlap 10 s, lookback 2 min), against a tenant raising 3,000 alerts a minute. RSS and open file " +
      "descriptors are read from /proc at each poll; 'start' is after the warm-up polls.",
  },
];

const GUARANTEES = [
  "**At least once over TCP and TLS.** A record fetched from the API is delivered at least once to a receiver that is " +
    "up or comes back: across receiver restarts and outages, connection resets, a receiver that stops reading, API " +
    "faults, a full or read-only state directory, a receiver that closes each connection at the first data, and " +
    "restarts and crashes (SIGKILL, also right after a lost connection) of the forwarder. A record counts as " +
    "delivered only once the connection outlived it (stayed open a second after it was written, or closed cleanly); " +
    "the saved checkpoint never covers a record that only memory holds, and state files are replaced atomically.",
  "**Over RELP, nothing lost, and duplicates only where a connection was reset: a window at most per reset.** With " +
    "transport relp, a record counts as delivered only when rsyslog's acknowledgement (rsp 200) for its message " +
    "arrives, and after a lost session exactly the unacknowledged messages are sent again. An outage and a receiver " +
    "that stops reading cost no duplicate (the tests assert 0), nor does a restart of the receiver whose session ends " +
    "cleanly (it answers what it took, then sends serverclose). A connection reset is different: a message the " +
    "receiver took whose acknowledgement the reset cut cannot be told from one the reset lost, so both are sent " +
    "again, at most output.window (128) per reset (the tests assert it). rsyslog resets the connection itself when " +
    "it stops with frames still unread, and its kernel then drops the last acknowledgements it had not sent: such a " +
    "restart counts as a reset (the restart rows show how each session ended). That limit is RELP's own: rsyslog's " +
    "RELP client (omrelp to imrelp) repeats as many through the same resets (the reference row under Receiver faults).",
  "**Duplicates only after a fault, and counted.** In normal operation each record is sent once (the overlap is " +
    "de-duplicated by record identity). Plain TCP and TLS have no acknowledgement, so after a lost connection the " +
    "forwarder writes again what it wrote shortly before (up to output.resendBytes, counted in " +
    "mdefwd_transport_resent_total); after a crash or a failed state write it sends again what it sent since the last " +
    "checkpoint. The figures below show how many.",
  "**Late records.** With polls succeeding, a record that becomes visible in the API no later than source.overlap " +
    "after its LastProcessedTimeUtc is delivered exactly once. One that becomes visible more than overlap plus the " +
    "poll interval after it is never collected. In between, it is collected when it becomes visible at least " +
    "(lateness − overlap) after the poll before: poll k reads [poll k−1 − overlap, poll k). Raise source.overlap if " +
    "your tenant shows records later than that.",
  "**Clock skew.** Polls run up to the API's own time (the Date header of its responses) and the checkpoint never " +
    "passes it, so a forwarder clock that is off, either way, neither loses nor delays records.",
  "**Hostile content.** Values are escaped (CEF) or cleaned (LEEF, which has no escapes) and never create a field; " +
    "lone surrogates become U+FFFD; every message fits output.maxMessageBytes (long free text is cut at its end); " +
    "a value nested deeper than 64 levels is written 64 levels deep.",
  "**Secrets** never appear in logs, errors, metrics or /status. **TLS** verifies the receiver by default and " +
    "refuses untrusted, expired and wrong-name certificates before sending anything. The **health server** listens " +
    "on loopback unless health.allowRemote is set. **State files** are 0600 in a 0700 directory, whatever the umask; " +
    "there are no spool files (the send queue is in memory, bounded by output.queueMessages and output.queueBytes).",
  "**UDP is best effort**: a datagram the network or the receiver drops is lost, and nothing can tell.",
];

const LIMITS = [
  "A receiver (or network) that resets every connection before it carried output.resendBytes (8 MiB by default) " +
    "makes the forwarder write the same recent messages again and again without getting further: nothing is lost " +
    "and the failing polls show in /readyz and the log, but new records wait until connections last. In the random " +
    "reset scenarios, the forwarder makes progress again as soon as the resets stop.",
  "RELP cannot tell which messages a connection reset cut between their arrival and their acknowledgement: a " +
    "message carries no identity across sessions (librelp's client, too, sends every unacknowledged frame again " +
    "under a new transaction number, and imrelp cannot recognise a repeat), so a reset repeats up to output.window " +
    "messages (128 by default), and a forwarder stopped during an outage sends again, after its restart, what was " +
    "unacknowledged at the stop. A smaller window repeats less per reset, at the cost of throughput " +
    "(docs/performance.md).",
  "Duplicates after a lost connection can reach output.resendBytes of messages per loss (a few thousand messages); " +
    "a receiver stopped within a second of the last write gets those writes again.",
];

const number = (n: number) => n.toLocaleString("en");
const cell = (v: string | number) => (typeof v === "number" ? number(v) : v.replace(/\|/g, "\\|").replace(/\n/g, " "));

function table(scenarios: readonly ScenarioFigures[]): string {
  const rows = scenarios.map((s) => {
    const other = Object.entries(s.other ?? {})
      .map(([k, v]) => `${k}: ${cell(v)}`)
      .join("<br>");
    return `| ${cell(s.scenario)} | ${number(s.sent)} | ${number(s.received)} | ${number(s.lost)} | ${number(s.duplicated)} | ${other} |`;
  });
  return [
    "| Scenario | Sent | Received | Lost | Duplicated | Other figures |",
    "|---|---:|---:|---:|---:|---|",
    ...rows,
  ].join("\n");
}

function secretScans(results: readonly GroupResults[]): string {
  const order = (r: GroupResults) => GROUPS.findIndex((g) => g.slug === r.slug);
  const rows = [...results]
    .sort((a, b) => order(a) - order(b))
    .filter((r) => r.secretScan)
    .map(
      (r) =>
        `| ${r.group} | ${number(r.secretScan!.items)} | ${number(r.secretScan!.bytes)} | ${number(r.secretScan!.secrets)} | ${number(r.secretScan!.leaks)} |`,
    );
  return ["| Scanned in | Texts | Characters | Secrets watched | Leaks |", "|---|---:|---:|---:|---:|", ...rows].join(
    "\n",
  );
}

function section(text: GroupText, results: GroupResults, all: readonly GroupResults[]): string {
  const parts = [`## ${text.title}`, text.method, table(results.scenarios)];
  if (text.slug === "security") parts.push("Secret scans of every group:", secretScans(all));
  return parts.join("\n\n");
}

export function renderReport(run: RunInfo, results: readonly GroupResults[]): string {
  const bySlug = new Map(results.map((r) => [r.slug, r]));
  const missing = GROUPS.filter((g) => !bySlug.has(g.slug)).map((g) => g.slug);
  if (missing.length)
    throw new Error(`no results for ${missing.join(", ")}: run the whole suite (npm run reliability)`);
  const files = run.files.map((f) => `| ${f.file} | ${f.tests} | ${f.seconds.toFixed(1)} |`);
  return (
    [
      "# Reliability",
      "Generated by `npm run reliability` from its last run of the reliability suite (`test/reliability/`, also part of " +
        "`npm test`); do not edit by hand. Each scenario counts, record by record, what the receiver got against what the " +
        "API held: **sent** records, **received** complete messages (repeats included), **lost** records that never " +
        "arrived (or, for late records, that the guarantee promises and did not arrive), **duplicated** extra copies.",
      `**Run:** ${run.date}; Node ${run.node}; ${run.machine}; ${run.rsyslog}. ${run.tests.passed} of ${run.tests.total} ` +
        `tests passed; the reliability project took ${Math.round(run.seconds)} s.`,
      "## Guarantees",
      GUARANTEES.map((g) => `- ${g}`).join("\n"),
      ...GROUPS.map((g) => section(g, bySlug.get(g.slug)!, results)),
      "## Known limits",
      LIMITS.map((l) => `- ${l}`).join("\n"),
      "## Time per file",
      ["| File | Tests | Seconds |", "|---|---:|---:|", ...files].join("\n"),
    ].join("\n\n") + "\n"
  );
}
