/**
 * Argument checks more than one layer makes: a working directory, a token that can travel in a
 * header, and whether a host name is loopback.
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from "./arguments.ts";
 *
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("example.com"); // false
 * ```
 * @module
 */

import { InvalidArgumentError } from "./errors.ts";

/** A `cwd` is a path string (or absent); throws {@link InvalidArgumentError} otherwise. */
export function checkCwd(cwd: unknown, argument = "cwd"): void {
  if (cwd !== undefined && cwd !== null && typeof cwd !== "string") {
    throw new InvalidArgumentError(argument, `must be a directory path string, got ${typeof cwd}`);
  }
}

/**
 * Whether `token` is printable ASCII without spaces or line breaks (what an HTTP header or a
 * query parameter carries unchanged), at least `minLength` long. Callers say what was wrong
 * without quoting the value: a message must not carry the secret.
 */
export function isTokenText(token: unknown, minLength = 1): token is string {
  return typeof token === "string" && token.length >= minLength && /^[\x21-\x7e]+$/.test(token);
}

/** Whether a host name (as in a URL, IPv6 with or without brackets) is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);
}
