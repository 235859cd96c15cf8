/**
 * What the Codex app-server's errors mean: the rules the client gives the generic JSON-RPC peer
 * ({@link rpcErrorFromWire}), the overload error they produce, and the error of a missing binary.
 *
 * The pinned app-server answers most refusals with -32600 and says what kind in the message
 * ("unknown variant …" for a method it does not have, "invalid type …" / "missing field …" for bad
 * params), and overload with -32001 or `server_overloaded` in the data. These rules turn those
 * into the specific classes, so a caller branches on classes, not on message text.
 *
 * @example
 * ```ts
 * import { ServerBusyError } from "@codex/sdk";
import { rpcErrorFromWire } from "@codex/sdk/client";
 *
 * const error = rpcErrorFromWire({ code: -32001, message: "Server overloaded; retry later." });
 * console.log(error instanceof ServerBusyError); // true
 * ```
 * @module
 */

import { CodexError } from "../util/errors.ts";
import {
  InvalidParamsError,
  JsonRpcError,
  type JsonRpcErrorObject,
  jsonRpcErrorFromWire,
  MethodNotFoundError,
} from "../rpc/errors.ts";
import { CODEX_VERSION } from "../protocol/generated/methods.ts";

/**
 * An error answered by the Codex app-server: the same class as {@link JsonRpcError} (the
 * specific subclasses say what kind). Kept under this name for code that catches it.
 */
export const CodexRpcError: typeof JsonRpcError = JsonRpcError;
/** An error answered by the Codex app-server (the same class as {@link JsonRpcError}). */
export type CodexRpcError = JsonRpcError;

/**
 * The server is overloaded (-32001, or `server_overloaded` in the error data). Retry with backoff,
 * e.g. with `retryOnOverload`.
 */
export class ServerBusyError extends JsonRpcError {}

/** `retryOnOverload` gave up: the server stayed busy for every attempt. `cause` is the last error. */
export class RetryLimitExceededError extends ServerBusyError {
  /** How many attempts were made. */
  readonly attempts: number;

  /** Wraps the last busy error after `attempts` tries. */
  constructor(last: JsonRpcError, attempts: number) {
    super(
      { code: last.rpcCode, message: `${last.message} (gave up after ${attempts} attempts)`, data: last.data },
      undefined,
      "retry_limit_exceeded",
    );
    this.attempts = attempts;
    this.cause = last;
  }
}

/** Maps a Codex app-server wire error to the most specific class, by code and, for -32600, by message. */
export function rpcErrorFromWire(error: JsonRpcErrorObject, method?: string): JsonRpcError {
  if (error.code === -32001 || mentionsOverload(error.data)) return new ServerBusyError(error, method, "server_busy");
  if (error.code === -32600) {
    if (/unknown variant/.test(error.message)) return new MethodNotFoundError(error, method, "method_not_found");
    if (/invalid type|invalid value|missing field|unknown field|invalid length/.test(error.message)) {
      return new InvalidParamsError(error, method, "invalid_params");
    }
  }
  return jsonRpcErrorFromWire(error, method);
}

function mentionsOverload(data: unknown, depth = 0): boolean {
  if (depth > 4 || data === null || data === undefined) return false;
  if (typeof data === "string") return data === "server_overloaded" || data === "serverOverloaded";
  if (typeof data !== "object") return false;
  for (const value of Object.values(data as Record<string, unknown>)) {
    if (mentionsOverload(value, depth + 1)) return true;
  }
  return false;
}

/**
 * No codex binary could be found. `tried` lists every place that was looked at; the message
 * names the npm package that holds this platform's binary and the other ways to give one.
 */
export class CodexNotFoundError extends CodexError {
  /** Each candidate that was tried, with why it was not used. */
  readonly tried: string[];
  /**
   * The npm package with this platform's binary (`@openai/codex-linux-x64`, …), an optional
   * dependency of `@openai/codex` that `npm install --omit=optional` leaves out; `undefined`
   * when the search did not get that far or the platform has no build.
   */
  readonly platformPackage: string | undefined;

  /** Creates the error from the list of candidates tried and, if known, the platform package. */
  constructor(tried: string[], platformPackage?: string) {
    const install = platformPackage
      ? `Install it: npm install @openai/codex@${CODEX_VERSION} --include=optional (the binary ` +
        `is in its platform package ${platformPackage}, an optional dependency that ` +
        "npm install --omit=optional leaves out)."
      : `Install it (npm install @openai/codex@${CODEX_VERSION}).`;
    super(
      "codex_not_found",
      `could not find the codex binary. Tried:\n  ${tried.join("\n  ")}\n${install} ` +
        "Or pass { codexBin }, or set CODEX_BIN, or put codex on PATH.",
    );
    this.tried = tried;
    this.platformPackage = platformPackage;
  }
}

/**
 * The app-server is older than the oldest version this SDK supports (`minVersion`): it lacks
 * methods and fields the SDK relies on. Raised by `Codex.start` / `Codex.connect` after the
 * handshake; the connection is closed and a started process is stopped. Install the pinned
 * version, or pass `allowVersionMismatch: true` to proceed anyway.
 */
export class IncompatibleAppServerError extends CodexError {
  /** The server's version, from its `initialize` user agent. */
  readonly serverVersion: string;
  /** The oldest supported version. */
  readonly minVersion: string;
  /** The version this SDK is built and tested against. */
  readonly pinnedVersion: string;

  /** Creates the error for a server of `serverVersion` and the supported window. */
  constructor(serverVersion: string, minVersion: string, pinnedVersion: string) {
    super(
      "incompatible_app_server",
      `the codex app-server is version ${serverVersion}, older than ${minVersion}, the oldest this SDK supports ` +
        `(it is built against ${pinnedVersion}). Install @openai/codex@${pinnedVersion} and point codexBin ` +
        `(or CODEX_BIN) at it — for a remote server, run that version there — or pass ` +
        `{ allowVersionMismatch: true } to proceed anyway (what the old server lacks fails when used).`,
    );
    this.serverVersion = serverVersion;
    this.minVersion = minVersion;
    this.pinnedVersion = pinnedVersion;
  }
}

/**
 * The codex binary was found but could not be started (`code` `"spawn_failed"`): not executable,
 * built for another platform, or the working directory does not exist. `cause` is what the
 * runtime said; `command` is what was run.
 */
export class SpawnFailedError extends CodexError {
  /** The binary that was run. */
  readonly command: string;

  /** Creates the error for `command` around the runtime's error. */
  constructor(command: string, cause: unknown) {
    super(
      "spawn_failed",
      `could not start ${command}: ${cause instanceof Error ? cause.message : String(cause)} ` +
        "(check that it is an executable codex binary for this platform, and that cwd exists)",
      { cause },
    );
    this.command = command;
  }
}

/** The codes of {@link AppServerVersionWarning}. */
export type AppServerVersionWarningCode =
  | "app_server_version_unknown"
  | "app_server_newer_than_pinned"
  | "app_server_version_mismatch_allowed";

/**
 * What the version check says when it lets a server through that is outside the supported window
 * (given to `logger.warn`, never thrown). `code`: `"app_server_version_unknown"` (the user agent
 * has no readable version), `"app_server_newer_than_pinned"` (newer than this SDK was built
 * against: new methods and fields pass through untyped), `"app_server_version_mismatch_allowed"`
 * (older than the minimum, let through by `allowVersionMismatch`).
 */
export class AppServerVersionWarning extends CodexError {
  /** Creates the warning with its code and message. */
  constructor(code: AppServerVersionWarningCode, message: string) {
    super(code, message);
  }
}

/**
 * A hook given to `client.onRestored` threw something that is not a `CodexError`
 * (`code` `"restore_hook_failed"`; reported to the logger, never thrown): the restore went on
 * without it. `cause` is what the hook threw.
 */
export class RestoreHookFailedError extends CodexError {
  /** Creates the report around what the hook threw. */
  constructor(cause: unknown) {
    super("restore_hook_failed", `a restore hook failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
