/**
 * The options and results of `codex.exec` / `codex.spawn`, and their translation to
 * `command/exec` params (checked first: a bad option never starts a process).
 *
 * @example
 * ```ts
 * import type { CommandOptions } from "@codex/sdk";
 *
 * const options: CommandOptions = { cwd: "/tmp", timeoutMs: 10_000, sandbox: "read-only" };
 * ```
 * @module
 */

import type { CommandExecParams, SandboxPolicy } from "../../protocol/generated/types.ts";
import { InvalidArgumentError } from "../../util/errors.ts";
import { checkCwd } from "../checks.ts";
import { type SandboxPreset, turnPresetParams } from "../presets.ts";

/** Options of `codex.exec` (and `codex.spawn`). */
export interface CommandOptions {
  /** The working directory (the app-server's cwd when left out). */
  cwd?: string;
  /** Variables merged into the server's environment; `null` unsets one. */
  env?: Record<string, string | null>;
  /**
   * Terminate the command after this many ms and reject with `CommandTimeoutError`. Left out:
   * no limit (the server's own 10 s default, which would end the command with a plain exit code
   * 124, is always turned off: a limit is either yours and reported as an error, or none).
   */
  timeoutMs?: number;
  /** Aborting terminates the command; the call rejects with `AbortError`. */
  signal?: AbortSignal;
  /**
   * The sandbox: `"read-only"`, `"workspace-write"` or `"full-access"` (**no sandbox**). Left
   * out: the server's configured sandbox (`sandbox_mode`).
   */
  sandbox?: SandboxPreset;
  /** The wire `SandboxPolicy` instead of a preset (not with `sandbox`). */
  sandboxPolicy?: SandboxPolicy;
  /** Cap each of stdout and stderr at this many bytes (the server's default cap when left out). */
  outputBytesCap?: number;
}

/** Options of `codex.spawn`. */
export interface CommandSpawnOptions extends CommandOptions {
  /** Run in a pseudo-terminal (`true`, or its initial size); stdout and stderr then arrive as one stream. */
  tty?: boolean | TerminalSize;
}

/** A terminal size in character cells. */
export interface TerminalSize {
  /** Height. */
  rows: number;
  /** Width. */
  cols: number;
}

/** How a command ended. */
export interface CommandResult {
  /** The exit code (128 + the signal number when a signal ended it, e.g. 137 for a kill). */
  exitCode: number;
  /** Everything it wrote to stdout, as UTF-8 text. */
  stdout: string;
  /** Everything it wrote to stderr, as UTF-8 text. */
  stderr: string;
}

/** One chunk of a spawned command's output. */
export interface CommandOutput {
  /** Which stream it came from (`"stdout"` for everything in a tty). */
  stream: "stdout" | "stderr";
  /** The text (UTF-8; a character split across chunks is kept whole). */
  text: string;
}

/** Checks `command` and `options` and builds the `command/exec` params (without process id and streaming). */
export function commandParams(command: readonly string[], options: CommandOptions): CommandExecParams {
  if (!Array.isArray(command) || command.length === 0 || command.some((arg) => typeof arg !== "string")) {
    throw new InvalidArgumentError(
      "command",
      `must be a non-empty array of strings (the argv, e.g. ["ls", "-la"]), got ${JSON.stringify(command)}`,
    );
  }
  checkCwd(options.cwd);
  checkTimeout(options.timeoutMs);
  if (options.env !== undefined && (typeof options.env !== "object" || options.env === null)) {
    throw new InvalidArgumentError("env", "must be an object of variable names to strings (or null to unset)");
  }
  const { sandboxPolicy } = turnPresetParams({ sandbox: options.sandbox, sandboxPolicy: options.sandboxPolicy });
  return {
    command: [...command],
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(sandboxPolicy ? { sandboxPolicy } : options.sandboxPolicy ? { sandboxPolicy: options.sandboxPolicy } : {}),
    ...(options.outputBytesCap !== undefined ? { outputBytesCap: options.outputBytesCap } : {}),
    // The SDK owns the timeout (it terminates and rejects): the server's default (10 s on 0.171,
    // reported only as exit code 124) must not end a command silently.
    disableTimeout: true,
  };
}

function checkTimeout(timeoutMs: unknown): void {
  if (timeoutMs !== undefined && (typeof timeoutMs !== "number" || !(timeoutMs > 0) || !Number.isFinite(timeoutMs))) {
    throw new InvalidArgumentError("timeoutMs", `must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
}

/** Checks a terminal size. */
export function checkSize(size: TerminalSize, argument = "size"): TerminalSize {
  const ok = (n: unknown): boolean => Number.isInteger(n) && (n as number) > 0 && (n as number) <= 0xffff;
  if (typeof size !== "object" || size === null || !ok(size.rows) || !ok(size.cols)) {
    throw new InvalidArgumentError(argument, `must be { rows, cols } with positive integers, got ${JSON.stringify(size)}`);
  }
  return { rows: size.rows, cols: size.cols };
}
