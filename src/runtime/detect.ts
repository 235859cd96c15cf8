/**
 * The one place that knows which JavaScript runtime is running, and loads its adapter lazily so
 * that the core never imports a runtime module (it stays loadable in a browser).
 *
 * @example
 * ```ts
 * import { detectRuntime } from "./detect.ts";
 *
 * console.log(detectRuntime()); // "deno", "bun", "node" or "unknown"
 * ```
 * @module
 */

import { InvalidArgumentError } from "../errors.ts";
import type { RuntimeAdapter, RuntimeName } from "./types.ts";

/** Names the runtime this code runs on; `"unknown"` for anything without a process adapter. */
export function detectRuntime(): RuntimeName | "unknown" {
  const global = globalThis as { Deno?: unknown; Bun?: unknown; process?: { versions?: { node?: string } } };
  if (global.Deno !== undefined) return "deno";
  if (global.Bun !== undefined) return "bun";
  if (global.process?.versions?.node !== undefined) return "node";
  return "unknown";
}

/** Loads the adapter for `name`, or for the detected runtime when `name` is omitted. */
export async function loadRuntime(name?: RuntimeName): Promise<RuntimeAdapter> {
  const chosen = name ?? detectRuntime();
  switch (chosen) {
    case "deno":
      return (await import("./deno.ts")).denoRuntime;
    case "bun":
      return (await import("./bun.ts")).bunRuntime;
    case "node":
      return (await import("./node.ts")).createNodeRuntime();
    default:
      throw new InvalidArgumentError(
        "runtime",
        `no process adapter for ${JSON.stringify(chosen)}: Codex.start needs Deno, Bun or Node ` +
          `(use Codex.connect with a WebSocket URL elsewhere)`,
      );
  }
}
