/**
 * `FsError`: a `codex.fs` operation failed on the app-server's machine. It names the operation
 * and the path (the server's own message names neither), and says what kind of failure it was.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 * import { FsError } from "@codex/sdk/client";
 *
 * await using codex = await Codex.start();
 * try {
 *   await codex.fs.readTextFile("/etc/missing.conf");
 * } catch (error) {
 *   if (error instanceof FsError && error.reason === "notFound") console.log("no such file:", error.path);
 * }
 * ```
 * @module
 */

import { CodexError } from "../../util/errors.ts";

/** What kind of failure an {@link FsError} is (`"other"` when the server's message says no more). */
export type FsErrorReason =
  | "notFound"
  | "alreadyExists"
  | "notADirectory"
  | "isADirectory"
  | "notEmpty"
  | "permissionDenied"
  | "readOnly"
  | "invalid"
  | "other";

const REASONS: [RegExp, FsErrorReason][] = [
  [/No such file or directory|os error 2\b/i, "notFound"],
  [/File exists|already exists|os error 17\b/i, "alreadyExists"],
  [/Not a directory|os error 20\b/i, "notADirectory"],
  [/Is a directory|os error 21\b/i, "isADirectory"],
  [/Directory not empty|os error 39\b/i, "notEmpty"],
  [/Permission denied|os error 13\b|Operation not permitted|os error 1\b/i, "permissionDenied"],
  [/Read-only file system|os error 30\b/i, "readOnly"],
];

/** A file-system operation of `codex.fs` failed. */
export class FsError extends CodexError {
  /** The operation, e.g. `"readFile"`. */
  readonly operation: string;
  /** The path it failed on. */
  readonly path: string;
  /** The kind of failure. */
  readonly reason: FsErrorReason;

  /** Creates the error; `cause` is the server's error. */
  constructor(operation: string, path: string, message: string, options: { reason?: FsErrorReason; cause?: unknown } = {}) {
    const reason = options.reason ?? REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? "other";
    super("fs_error", `fs.${operation} ${JSON.stringify(path)}: ${message}`, { cause: options.cause });
    this.operation = operation;
    this.path = path;
    this.reason = reason;
  }
}
