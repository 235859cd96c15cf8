/**
 * The little the bench needs from its runtime (Deno, Bun or Node), typed locally so this file
 * needs no runtime's type library.
 * @module
 */

interface DenoLike {
  args: string[];
  env: { toObject(): Record<string, string> };
  memoryUsage(): { rss: number; heapUsed: number };
  exit(code: number): never;
  version: { deno: string; v8: string };
}
interface ProcessLike {
  argv: string[];
  env: Record<string, string | undefined>;
  memoryUsage: { (): { rss: number; heapUsed: number }; rss?: () => number };
  exit(code: number): never;
  version: string;
  versions: Record<string, string | undefined>;
  stdout: { write(text: string): boolean };
}

const g = globalThis as unknown as {
  Deno?: DenoLike;
  Bun?: { version: string; gc(force: boolean): void };
  process?: ProcessLike;
  gc?: () => void;
};

/** Which runtime runs this. */
export type RuntimeName = "deno" | "bun" | "node";

/** The runtime running this code. */
export const runtime: RuntimeName = g.Deno ? "deno" : g.Bun ? "bun" : "node";

/** The runtime's version, e.g. `"deno 2.9.6"`. */
export function runtimeVersion(): string {
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  return `node ${g.process!.version.replace(/^v/, "")}`;
}

/** Command-line arguments after the script. */
export function args(): string[] {
  return g.Deno ? g.Deno.args : g.process!.argv.slice(2);
}

/** This process's environment. */
export function environment(): Record<string, string> {
  if (g.Deno) return g.Deno.env.toObject();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(g.process!.env)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Resident set size of this process, in bytes. */
export function rss(): number {
  if (g.Deno) return g.Deno.memoryUsage().rss;
  const mu = g.process!.memoryUsage;
  return mu.rss ? mu.rss() : mu().rss;
}

/** JS heap in use, in bytes. */
export function heapUsed(): number {
  return g.Deno ? g.Deno.memoryUsage().heapUsed : g.process!.memoryUsage().heapUsed;
}

/** A full garbage collection if the runtime exposes one (`--expose-gc`, Bun.gc); else false. */
export function gc(): boolean {
  if (g.Bun) {
    g.Bun.gc(true);
    return true;
  }
  if (typeof g.gc === "function") {
    g.gc();
    return true;
  }
  return false;
}

/** Ends the process. */
export function exit(code: number): never {
  if (g.Deno) return g.Deno.exit(code);
  return g.process!.exit(code);
}

/** Resolves on the next macrotask (after every pending microtask), like the next I/O event. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => timers.setImmediate(resolve));
}

const timers = globalThis as unknown as { setImmediate(callback: () => void): unknown };

/** Sleeps `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
