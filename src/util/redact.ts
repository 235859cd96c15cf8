/**
 * Keeps secrets out of error messages and logs: API keys handed to `loginApiKey`, tokens, and
 * the values of the `env` given to `Codex.start` are replaced by `[redacted]` wherever the SDK
 * quotes text it did not write (stderr tails, server messages).
 *
 * @example
 * ```ts
 * import { SecretRedactor } from "@codex/sdk/client";
 *
 * const redactor = new SecretRedactor();
 * redactor.add("sk-live-1234567890");
 * redactor.redact("bad key sk-live-1234567890"); // "bad key [redacted]"
 * ```
 * @module
 */

/** Secrets shorter than this are not redacted by value: they would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;

// Shapes that are secrets whoever wrote them: OpenAI-style keys and bearer tokens.
const SECRET_SHAPES = /\bsk-[A-Za-z0-9_-]{8,}|\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;

/** Replaces known secret values, and anything shaped like an API key or bearer token. */
export class SecretRedactor {
  readonly #secrets = new Set<string>();

  /** Adds a secret to hide from now on (ignored if shorter than 6 characters). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  /** Returns `text` with every secret replaced by `[redacted]`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    return out.replace(SECRET_SHAPES, (_match, bearer?: string) => (bearer ? `${bearer}[redacted]` : "[redacted]"));
  }
}

/** A copy of a JSON value with `redact` applied to every string in it (keys included). */
export function redactJson(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactJson(v, redact)]));
  }
  return value;
}
