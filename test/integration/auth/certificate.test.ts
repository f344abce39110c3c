/** Certificate credentials end to end: openssl-made certificate, signed assertion, simulator verifying it, API call. */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../../src/auth/token-provider.js";
import type { SiemConfig } from "../../../src/sources/siem/options.js";
import { loadConfig } from "../../../src/config/load.js";
import { Secret } from "../../../src/config/secret.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { createSource } from "../../../src/sources/registry.js";
import { makeCertificate, type CertificatePair } from "../../support/certificates.js";
import { sourceConfigFor, testDeps } from "../../support/source-setup.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
let sim: Simulator;
let registered: CertificatePair;
let other: CertificatePair;

beforeAll(async () => {
  registered = makeCertificate("registered");
  other = makeCertificate("other", dirname(registered.certFile));
  sim = await startSimulator({ now: NOW, ratePerMinute: 0, certificatePem: registered.certificatePem });
  sim.tenant.addRecords(12, NOW - 3_600_000, NOW);
});
afterAll(() => sim.close());

function certificateConfig(
  pair: { certificatePem: string; keyPem: string },
  thumbprint: "x5t#S256" | "x5t" = "x5t#S256",
): SiemConfig {
  return sourceConfigFor(sim, {
    credential: {
      kind: "certificate",
      certificatePem: pair.certificatePem,
      privateKey: new Secret(pair.keyPem),
      thumbprint,
    },
  });
}

describe("certificate credentials", () => {
  it("configured from files, sign a PS256 assertion with x5t#S256 that the tenant accepts, and read the API", async () => {
    const file = join(dirname(registered.certFile), "config.yaml");
    writeFileSync(
      file,
      [
        "source:",
        "  api: siem",
        `  tenantId: ${sim.tenantId}`,
        `  clientId: ${sim.clientId}`,
        `  url: ${sim.url}`,
        `  tokenUrl: ${sim.tokenUrl}`,
        "  certificate:",
        "    certFile: registered.crt",
        "    keyFile: registered.key",
        "output:",
        "  transport: stdout",
        "health:",
        "  listen: off",
      ].join("\n"),
    );
    const config = await loadConfig(file, {});
    const deps = testDeps(sim);
    const tokens = createTokenProvider(config.source, deps);
    const records = await createSource(config.source, { ...deps, tokens }).fetch({
      since: new Date(NOW - 3_600_000),
      until: new Date(NOW),
    });
    expect(records).toHaveLength(12);
    expect(deps.logs.join("")).not.toContain("PRIVATE KEY");
  });

  it("sign the older RS256 form with x5t when asked", async () => {
    const tokens = createTokenProvider(certificateConfig(registered, "x5t"), testDeps(sim));
    expect(sim.entra.authorized(`Bearer ${(await tokens.token()).reveal()}`, sim.resource)).toBe(true);
  });

  it("of a certificate the application does not have are refused with AADSTS700027", async () => {
    const tokens = createTokenProvider(certificateConfig(other), testDeps(sim));
    await expect(tokens.token()).rejects.toMatchObject({
      code: "E_AUTH",
      message: expect.stringMatching(
        /\(AADSTS700027\): the certificate assertion was refused: upload this certificate/,
      ) as unknown,
    });
  });

  it("whose key does not belong to the certificate fail at start-up, as a configuration error", () => {
    let error: unknown;
    try {
      createTokenProvider(
        certificateConfig({ certificatePem: registered.certificatePem, keyPem: other.keyPem }),
        testDeps(sim),
      );
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: "E_AUTH_CERTIFICATE",
      exitCode: 2,
      message: "source.certificate.keyFile does not belong to the certificate in source.certificate.certFile",
    });
  });

  it("that are not PEM fail at start-up with a clear message", () => {
    expect(() =>
      createTokenProvider(certificateConfig({ certificatePem: "nope", keyPem: registered.keyPem }), testDeps(sim)),
    ).toThrow(/source.certificate.certFile is not a PEM certificate/);
    expect(() =>
      createTokenProvider(
        certificateConfig({ certificatePem: registered.certificatePem, keyPem: "nope" }),
        testDeps(sim),
      ),
    ).toThrow(/source.certificate.keyFile is not a PEM private key/);
  });
});
