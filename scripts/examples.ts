/**
 * examples/: one configuration per API and SIEM, as `init` writes them (npm run gen:examples); a test checks that
 * each is what init writes today and that `check` accepts it.
 */
import { initConfig, type Siem } from "../src/cli/init-template.js";
import { SOURCE_NAMES } from "../src/sources/registry.js";

export const EXAMPLES_DIR = new URL("../examples/", import.meta.url);

const HOSTS: Record<Exclude<Siem, "other">, string> = {
  arcsight: "smartconnector.example.com",
  qradar: "qradar-ec.example.com",
};

/** File name → text, for every API and both SIEMs, over TLS. */
export function examples(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const api of SOURCE_NAMES)
    for (const siem of ["arcsight", "qradar"] as const) {
      const file = `${api}-${siem}.yaml`;
      files[file] = initConfig({
        api,
        siem,
        transport: "tls",
        tenant: "contoso.onmicrosoft.com",
        client: "11111111-2222-3333-4444-555555555555",
        host: HOSTS[siem],
        region: api === "siem" ? "eu" : undefined,
        commandLine: `mde-forwarder init --api ${api} --siem ${siem} --transport tls`,
        file: `examples/${file}`,
      }).text;
    }
  return files;
}
