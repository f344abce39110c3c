/**
 * The first step of `npm test`: what the integration, reliability and package tests run besides Node is installed
 * (or named in one line, and nothing runs). The suites that need root say so here, once, rather than skip quietly.
 */
import { ensureInstalled } from "./prerequisites.js";

const NEEDS = [
  // A real receiver for every transport, TLS and RELP included, and Debian's strict CEF parser.
  "rsyslogd",
  "rsyslog TLS (lmnsd_gtls)",
  "rsyslog TLS (lmnsd_ossl)",
  "rsyslog RELP (imrelp)",
  "lognormalizer",
  "openssl",
  // The units checked by systemd-analyze, and the .deb booted in a Debian 12 root (test/package).
  "systemd-analyze",
  "systemd-nspawn",
  "mmdebstrap",
  "dpkg-deb",
  "xz",
  // contrib/prometheus/alerts.yaml checked by promtool.
  "promtool",
  // The generated man pages rendered (test/integration/cli/man-completion.test.ts).
  "groff",
  "man",
  // The egress proxy of the proxy tests (test/integration/sources/proxy.test.ts).
  "tinyproxy",
];

const missing = await ensureInstalled(NEEDS, "npm test");
if (missing) {
  console.error(missing);
  process.exit(1);
}
if (process.getuid?.() !== 0)
  console.error(
    "npm test: not root, so test/package (systemd-nspawn) and the disk-fault tests (a tmpfs mount) will be SKIPPED; run it as root to include them",
  );
