/**
 * Who may open a connection through the relay: a browser page whose `Origin` is on the allowlist,
 * presenting the relay's token (when it has one) as `?token=` in the URL. Decided on the upgrade
 * request, before any connection to the app-server is made.
 *
 * @example
 * ```ts
 * import { Admission } from "./admission.ts";
 *
 * const admission = new Admission({ allowedOrigins: ["http://localhost:5173"], token: "s3cret-relay-token" });
 * admission.check({ origin: "http://localhost:5173", url: "/?token=s3cret-relay-token" }); // undefined: admitted
 * admission.check({ origin: "https://example.com", url: "/" })?.status; // 403
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import { isTokenText } from "../util/arguments.ts";

/** What the relay is told about who may connect. */
export interface AdmissionOptions {
  /** Page origins allowed to connect, e.g. `["http://localhost:5173"]`. */
  allowedOrigins: readonly string[];
  /** A secret the page must pass as `?token=` in the relay URL; none when omitted. */
  token?: string;
}

/** The parts of an upgrade request that decide admission. */
export interface AdmissionRequest {
  /** The `Origin` header, if any. */
  origin: string | undefined;
  /** The request target, e.g. `/?token=…`. */
  url: string;
}

/** Why a request was refused: the HTTP status to answer with and a message safe to send. */
export interface Refusal {
  /** 403 for an origin not allowed, 401 for a missing or wrong token. */
  status: 401 | 403;
  /** Says what was wrong; never contains a token. */
  message: string;
}

/** Checks upgrade requests against an origin allowlist and an optional token. */
export class Admission {
  readonly #origins: ReadonlySet<string>;
  readonly #token: Uint8Array | undefined;

  /** Validates the options; throws {@link InvalidArgumentError} on an empty list or a malformed origin. */
  constructor(options: AdmissionOptions) {
    this.#origins = new Set(normalizeOrigins(options.allowedOrigins));
    const token = options.token;
    if (token !== undefined && !isTokenText(token, 16)) {
      throw new InvalidArgumentError(
        "token",
        "must be at least 16 printable ASCII characters without spaces",
      );
    }
    this.#token = token === undefined ? undefined : new TextEncoder().encode(token);
  }

  /** The allowed origins, normalized (`scheme://host[:port]`). */
  get allowedOrigins(): string[] {
    return [...this.#origins];
  }

  /** Whether `origin` is on the allowlist. */
  allowsOrigin(origin: string | undefined): boolean {
    return origin !== undefined && this.#origins.has(origin.toLowerCase());
  }

  /** `undefined` when the request may connect, else why not. */
  check(request: AdmissionRequest): Refusal | undefined {
    if (request.origin === undefined) {
      return {
        status: 403,
        message:
          "no Origin header: this relay serves browser pages; other clients connect to the app-server directly",
      };
    }
    if (!this.allowsOrigin(request.origin)) {
      return {
        status: 403,
        message: `origin ${JSON.stringify(request.origin)} is not allowed by this relay`,
      };
    }
    if (this.#token) {
      const given = new URL(request.url, "http://relay.invalid").searchParams.get("token");
      if (given === null) {
        return { status: 401, message: "this relay needs its token as ?token= in the URL" };
      }
      if (!sameBytes(new TextEncoder().encode(given), this.#token)) {
        return { status: 401, message: "wrong relay token" };
      }
    }
    return undefined;
  }
}

function normalizeOrigins(origins: readonly string[]): string[] {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new InvalidArgumentError(
      "allowedOrigins",
      'list the page origins that may connect, e.g. ["http://localhost:5173"] (there is no wildcard)',
    );
  }
  return origins.map((origin) => {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new InvalidArgumentError("allowedOrigins", `not an origin: ${JSON.stringify(origin)}`);
    }
    const bare = parsed.pathname === "/" && !parsed.search && !parsed.hash && !parsed.username &&
      !parsed.password;
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || !bare) {
      throw new InvalidArgumentError(
        "allowedOrigins",
        `${
          JSON.stringify(origin)
        } is not an origin; write scheme://host[:port], e.g. http://localhost:5173`,
      );
    }
    return parsed.origin;
  });
}

// Compares in time that depends on the lengths only, not on where the bytes differ.
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i];
  return difference === 0;
}
