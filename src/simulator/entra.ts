/**
 * The simulated Entra ID token endpoints (v1 with `resource`, v2 with `scope`): they check the tenant, the client id,
 * the secret or the signed assertion and the audience as Entra does, answer errors in Entra's shape, and issue opaque
 * access tokens whose lifetime can be shortened on request.
 */
import { randomBytes, randomUUID, X509Certificate } from "node:crypto";
import { assertionProblem } from "./assertion-check.js";
import type { SimClock } from "./clock.js";
import type { Fault } from "./faults.js";

export interface EntraOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The application's registered public certificate (PEM), for certificate credentials. */
  certificatePem?: string;
  /** The audiences tokens may be issued for (each API's); a v2 scope is one of them plus /.default. */
  audiences: readonly string[];
  tokenLifetimeSeconds: number;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

const ERRORS: Record<number, { status: number; error: string; text: string }> = {
  90002: {
    status: 400,
    error: "invalid_request",
    text: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
  },
  70003: {
    status: 400,
    error: "unsupported_grant_type",
    text: "The app requested an unsupported grant type '{grant}'.",
  },
  700016: {
    status: 400,
    error: "unauthorized_client",
    text: "Application with identifier '{client}' was not found in the directory '{tenant}'.",
  },
  500011: {
    status: 400,
    error: "invalid_resource",
    text: "The resource principal named {resource} was not found in the tenant named {tenant}.",
  },
  70011: {
    status: 400,
    error: "invalid_scope",
    text: "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.",
  },
  7000218: {
    status: 400,
    error: "invalid_client",
    text: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  7000215: {
    status: 401,
    error: "invalid_client",
    text: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client}'.",
  },
  7000222: {
    status: 401,
    error: "invalid_client",
    text: "The provided client secret keys for app '{client}' are expired.",
  },
  700027: { status: 401, error: "invalid_client", text: "Client assertion failed signature validation. {detail}" },
};

export function entraErrorBody(code: number, vars: Record<string, string>, nowMs: number): TokenAnswer {
  const e = ERRORS[code] ?? { status: 400, error: "invalid_request", text: "Simulated error." };
  const text = e.text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
  const trace = randomUUID();
  const timestamp = new Date(nowMs).toISOString().replace("T", " ").slice(0, 19) + "Z";
  return {
    status: e.status,
    body: {
      error: e.error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: trace,
      correlation_id: randomUUID(),
    },
  };
}

export class SimEntra {
  /** Each token's expiry and audience. */
  readonly #tokens = new Map<string, { expiresAt: number; audience: string }>();
  readonly #certificate: X509Certificate | undefined;
  tokenLifetimeSeconds: number;
  /** Access tokens issued so far. */
  issued = 0;

  constructor(
    readonly options: EntraOptions,
    readonly clock: SimClock,
  ) {
    this.#certificate = options.certificatePem ? new X509Certificate(options.certificatePem) : undefined;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds;
  }

  /**
   * Answers a token request; `audiences` are the URLs an assertion may name (this endpoint's, as the client saw it).
   */
  token(
    version: "v1" | "v2",
    tenant: string,
    form: Record<string, string>,
    audiences: string[],
    fault?: Fault,
  ): TokenAnswer {
    const now = this.clock.now();
    const vars = { tenant, client: form.client_id ?? "", resource: form.resource ?? "", grant: form.grant_type ?? "" };
    const refuse = (code: number, detail = "") => entraErrorBody(code, { ...vars, detail }, now);
    if (fault?.kind === "entra") return refuse(fault.aadsts);
    if (tenant.toLowerCase() !== this.options.tenantId.toLowerCase()) return refuse(90002);
    if (form.grant_type !== "client_credentials") return refuse(70003);
    if (form.client_id !== this.options.clientId) return refuse(700016);
    const audience = version === "v1" ? form.resource : form.scope?.replace(/\/\.default$/, "");
    if (
      audience === undefined ||
      !this.options.audiences.includes(audience) ||
      (version === "v2" && !form.scope?.endsWith("/.default"))
    ) {
      return refuse(version === "v1" ? 500011 : 70011);
    }
    const credentialCode = this.#credentialProblem(form, audiences, now);
    if (credentialCode) return refuse(credentialCode.code, credentialCode.detail);
    return { status: 200, body: this.#issue(version, audience, now) };
  }

  #credentialProblem(
    form: Record<string, string>,
    audiences: string[],
    now: number,
  ): { code: number; detail?: string } | undefined {
    if (form.client_assertion !== undefined) {
      if (!this.#certificate) return { code: 700027, detail: "No certificate is registered for the application." };
      const problem = assertionProblem(form.client_assertion, {
        certificate: this.#certificate,
        clientId: this.options.clientId,
        audiences,
        nowMs: now,
      });
      return problem ? { code: 700027, detail: problem } : undefined;
    }
    if (form.client_secret === undefined) return { code: 7000218 };
    return form.client_secret === this.options.clientSecret ? undefined : { code: 7000215 };
  }

  #issue(version: "v1" | "v2", audience: string, now: number): Record<string, unknown> {
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    const lifetime = this.tokenLifetimeSeconds;
    this.#tokens.set(token, { expiresAt: now + lifetime * 1000, audience });
    this.issued++;
    if (version === "v2")
      return { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: token };
    const seconds = Math.floor(now / 1000);
    return {
      token_type: "Bearer",
      expires_in: String(lifetime),
      ext_expires_in: String(lifetime),
      expires_on: String(seconds + lifetime),
      not_before: String(seconds),
      resource: audience,
      access_token: token,
    };
  }

  /** Whether an `Authorization` header carries a token for `audience` that is valid now. */
  authorized(header: string | undefined, audience: string): boolean {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
    const issued = token === undefined ? undefined : this.#tokens.get(token);
    return issued !== undefined && issued.audience === audience && this.clock.now() < issued.expiresAt;
  }

  /** The access tokens issued so far: tests check that none of them leaks into logs or output. */
  issuedTokens(): string[] {
    return [...this.#tokens.keys()];
  }

  /** Every token issued so far expires now: the next API call gets 401. */
  expireAll(): void {
    for (const issued of this.#tokens.values()) issued.expiresAt = this.clock.now();
  }
}
