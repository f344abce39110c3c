/** rsyslog as a test file's fixture (vitest hooks), apart from rsyslog.ts so the benchmarks can start it too. */
import { afterAll, beforeAll } from "vitest";
import { makeCerts, type TestCerts } from "./certs.js";
import { startRsyslog, type Rsyslog } from "./rsyslog.js";

/** For a test file: certificates and a TLS-capable rsyslog started before its tests and disposed after them. */
export function useRsyslogWithCerts(): { readonly certs: TestCerts; readonly rsyslog: Rsyslog } {
  const shared = {} as { certs: TestCerts; rsyslog: Rsyslog };
  beforeAll(async () => {
    shared.certs = await makeCerts();
    shared.rsyslog = await startRsyslog({ certs: shared.certs });
  });
  afterAll(() => shared.rsyslog?.dispose());
  return shared;
}
