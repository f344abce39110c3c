/** `output` keys of the TLS transport: TCP's, port 6514 and octet counting by default, and `output.tls`. */
import * as z from "zod";
import type { OptionsOf } from "../component.js";
import { bool, caution, localPath, secretFile, section, text } from "../../config/values.js";
import { checkReconnectDelays, receiverKeys, streamKeys, syslogKeys } from "../options.js";

const tlsKeys = z
  .strictObject({
    ca: localPath(
      "the path of a PEM CA bundle",
      "read",
      "The CA bundle that signed the receiver's certificate. Default: the system's trusted CAs.",
    ).optional(),
    cert: localPath(
      "the path of a PEM client certificate",
      "read",
      "Mutual TLS: the client certificate (with key).",
    ).optional(),
    key: secretFile(
      localPath("the path of a PEM client private key", "read", "Mutual TLS: its private key."),
      "the TLS client's private key",
    ).optional(),
    serverName: text("the server name to verify")
      .optional()
      .describe("The name to verify in the receiver's certificate, if it differs from host."),
    rejectUnauthorized: caution(
      bool().default(true).describe("Certificate verification; on unless switched off here."),
      (verify) => !verify,
      "certificate verification is off: anyone on the path to the receiver can pose as it and read every alert; " +
        "give the CA that signed its certificate as tls.ca instead",
    ),
  })
  .superRefine((t, ctx) => {
    if ((t.cert === undefined) !== (t.key === undefined))
      ctx.addIssue({
        code: "custom",
        path: [t.cert === undefined ? "cert" : "key"],
        message: "a client certificate needs both tls.cert and tls.key",
      });
  });

export type TlsConfig = z.output<typeof tlsKeys>;

export const tlsOptions = z
  .strictObject({
    ...receiverKeys(6514),
    ...streamKeys("octet-counting"),
    ...syslogKeys,
    tls: section(tlsKeys.prefault({})).describe("Certificates and verification (TLS 1.2 at least)."),
  })
  .superRefine(checkReconnectDelays);

export type TlsOptions = OptionsOf<typeof tlsOptions>;
