/**
 * The range of app-server versions this SDK supports, checked at the handshake.
 *
 * The SDK is generated from, and tested against, one pinned `@openai/codex` version; it also
 * runs its basic tests against the oldest supported one ({@link MIN_CODEX_VERSION}). The server's
 * version is read from the `initialize` reply's `userAgent`
 * (`<clientInfo.name>/<version> (<os>; <arch>) <terminal> (<clientInfo.name>; <clientInfo.version>)`
 * on 0.150.0 to 0.169.0), which works the same for a local process and a remote server, and
 * costs no extra process (`codex --version` would do neither).
 *
 * - older than the minimum: `IncompatibleAppServerError` (unless `allowVersionMismatch: true`,
 *   which proceeds with a logger warning);
 * - newer than the pin: proceeds with one logger warning (new methods and fields are passed
 *   through untyped; removed ones fail when called);
 * - unreadable (a proxy that rewrites the reply, a development build reporting `0.0.0`):
 *   proceeds with one logger warning — refusing would lock out servers that may work.
 *
 * @example
 * ```ts
 * import { MIN_CODEX_VERSION, serverVersionFromUserAgent } from "./version_window.ts";
 *
 * serverVersionFromUserAgent("codex_sdk_ts/0.169.0 (Debian 12.0.0; x86_64) xterm (codex_sdk_ts; 0.1.0)"); // "0.169.0"
 * console.log(`supported from ${MIN_CODEX_VERSION}`);
 * ```
 * @module
 */

import { CODEX_VERSION } from "../protocol/generated/methods.ts";
import { MethodNotFoundError } from "../rpc/errors.ts";
import { AppServerVersionWarning, type AppServerVersionWarningCode, IncompatibleAppServerError } from "./errors.ts";
import type { CodexLogger } from "./options.ts";
import { compareVersions, parseVersion } from "./semver.ts";

/**
 * The oldest app-server version this SDK supports. Its basics are tested against this binary
 * (`codex-min-linux-x64` in package.json). Move the two together.
 */
export const MIN_CODEX_VERSION = "0.160.0";

/** The supported window: from `min` (oldest accepted) to `pinned` (built and tested against). */
export interface SupportedVersions {
  /** The oldest version accepted without `allowVersionMismatch`. */
  readonly min: string;
  /** The version the SDK is generated from (newer servers are accepted with a warning). */
  readonly pinned: string;
}

/** This SDK's window: {@link MIN_CODEX_VERSION} to the generated protocol's version. */
export const SUPPORTED_CODEX_VERSIONS: SupportedVersions = Object.freeze({
  min: MIN_CODEX_VERSION,
  pinned: CODEX_VERSION,
});

// A version inside the user agent: after a "/", before a space, "(" or the end.
const EMBEDDED_VERSION = /\/(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)(?=[\s(;]|$)/g;

/**
 * The server's version from its user agent, or `null` when none can be read. With the
 * `clientName` that was sent at `initialize`, the version is the part right after
 * `<clientName>/`, so a client name that itself holds a `/` or a version cannot fool it.
 */
export function serverVersionFromUserAgent(userAgent: string, clientName?: string): string | null {
  if (typeof userAgent !== "string") return null;
  if (clientName !== undefined && userAgent.startsWith(`${clientName}/`)) {
    const rest = userAgent.slice(clientName.length + 1);
    const head = /^[^\s(;]+/.exec(rest)?.[0] ?? "";
    if (parseVersion(head)) return head;
  }
  for (const match of userAgent.matchAll(EMBEDDED_VERSION)) {
    if (parseVersion(match[1])) return match[1];
  }
  return null;
}

/** Options of {@link checkServerVersion}. */
export interface VersionCheckOptions {
  /** Proceed (with a warning) when the server is older than the minimum. */
  allowVersionMismatch?: boolean;
  /** Where the warnings go. */
  logger?: CodexLogger;
  /** The `clientInfo.name` sent at `initialize` (anchors the user-agent parse). */
  clientName?: string;
}

/**
 * Checks the server's user agent against the window: returns the server's version (`null` when
 * unreadable), warns through the logger when proceeding outside the window, and throws
 * {@link IncompatibleAppServerError} for a server older than the minimum.
 */
export function checkServerVersion(
  userAgent: string,
  options: VersionCheckOptions = {},
  window: SupportedVersions = SUPPORTED_CODEX_VERSIONS,
): string | null {
  const warn = (code: AppServerVersionWarningCode, message: string): void =>
    options.logger?.warn?.(message, new AppServerVersionWarning(code, message));
  const version = serverVersionFromUserAgent(userAgent, options.clientName);
  // Source builds of codex report 0.0.0: that says nothing about what they speak.
  if (version === null || /^0\.0\.0(?:[-+]|$)/.test(version)) {
    warn(
      "app_server_version_unknown",
      `could not tell the app-server's version from its user agent ${JSON.stringify(userAgent.slice(0, 200))}; ` +
        `proceeding without the version check (this SDK supports codex ${window.min} to ${window.pinned})`,
    );
    return version;
  }
  if (compareVersions(version, window.min) < 0) {
    const error = new IncompatibleAppServerError(version, window.min, window.pinned);
    if (!options.allowVersionMismatch) throw error;
    warn("app_server_version_mismatch_allowed", `allowVersionMismatch: proceeding anyway: ${error.message}`);
  } else if (compareVersions(version, window.pinned) > 0) {
    warn(
      "app_server_newer_than_pinned",
      `the codex app-server is ${version}, newer than ${window.pinned}, the version this SDK is built against: ` +
        `new methods and fields pass through untyped, and anything the server removed fails when used ` +
        `(pin @openai/codex@${window.pinned}, or upgrade @codex/sdk)`,
    );
  }
  return version;
}

/**
 * Names the server's version in a {@link MethodNotFoundError}'s message (other errors pass
 * through unchanged): a method the pinned protocol has may be missing from an older server.
 */
export function withServerVersion(error: unknown, serverVersion: string | null | undefined): unknown {
  if (!(error instanceof MethodNotFoundError) || !serverVersion) return error;
  const older = parseVersion(serverVersion) && compareVersions(serverVersion, CODEX_VERSION) < 0;
  // The message is the error's own (each rejection makes a new error object), so it is amended
  // in place: class, stack and fields stay as they were.
  error.message += older
    ? ` (the app-server is codex ${serverVersion}, older than ${CODEX_VERSION} this SDK is built against: ` +
      `the method may be newer than the server; upgrade the app-server to @openai/codex@${CODEX_VERSION})`
    : ` (the app-server is codex ${serverVersion})`;
  return error;
}
