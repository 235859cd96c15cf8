/**
 * The one place that knows which JavaScript runtime is running, and hands out its adapter. The
 * adapters touch their runtime's globals and modules only when called (`node:` modules and the
 * `ws` package are imported on first use), so importing them costs next to nothing and the core
 * stays loadable in a browser.
 *
 * @example
 * ```ts
 * import { detectRuntime } from "./detect.ts";
 *
 * console.log(detectRuntime()); // "deno", "bun", "node" or "unknown"
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import { browserRuntime } from "./browser.ts";
import { bunRuntime } from "./bun.ts";
import { denoRuntime } from "./deno.ts";
import { createNodeRuntime } from "./node.ts";
import type { RuntimeAdapter, RuntimeName } from "./types.ts";

/** Names the runtime this code runs on; `"unknown"` for anything without a process adapter (a browser). */
export function detectRuntime(): RuntimeName | "unknown" {
  const global = globalThis as { Deno?: unknown; Bun?: unknown; process?: { versions?: { node?: string } } };
  if (global.Deno !== undefined) return "deno";
  if (global.Bun !== undefined) return "bun";
  if (global.process?.versions?.node !== undefined) return "node";
  return "unknown";
}

let nodeRuntime: RuntimeAdapter | undefined;

/**
 * The adapter for `name`, or for the detected runtime when `name` is omitted (the browser
 * adapter when it is none of the three). `"node"` works on Deno and Bun too, through their Node
 * compatibility (it is how `{ runtime: "node" }` picks the `ws` package); `"deno"` and `"bun"`
 * work only on themselves.
 */
export function runtimeAdapter(name?: RuntimeName): RuntimeAdapter {
  const running = detectRuntime();
  if ((name === "deno" || name === "bun") && name !== running) {
    throw new InvalidArgumentError("runtime", `"${name}" was asked for, but this is not ${name === "deno" ? "Deno" : "Bun"}`);
  }
  switch (name ?? running) {
    case "deno":
      return denoRuntime;
    case "bun":
      return bunRuntime;
    case "node":
      return nodeRuntime ??= createNodeRuntime();
    default:
      return browserRuntime;
  }
}

/** {@link runtimeAdapter}, as a promise (kept for callers written when adapters loaded lazily). */
export function loadRuntime(name?: RuntimeName): Promise<RuntimeAdapter> {
  try {
    return Promise.resolve(runtimeAdapter(name));
  } catch (error) {
    return Promise.reject(error);
  }
}
