/**
 * Helpers of the reliability suite: bounded waits, unhandled-rejection watching, a seeded random
 * source and memory sampling. The scripted app-server for the faults the real binary cannot
 * produce is tests/_support/fake_codex.ts (shared with the unit tests and the benchmarks).
 */
import process from "node:process";
import v8 from "node:v8";
import vm from "node:vm";

/** Resolves or rejects like `promise`, or rejects after `ms` saying what did not happen. */
export async function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How a promise settled, and when (`Date.now()`). Never rejects. */
export interface Settled<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  at: number;
}

/** Records how and when `promise` settles (the rejection is handled here). */
export function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value, at: Date.now() }),
    (error: unknown) => ({ ok: false, error, at: Date.now() }),
  );
}

/** Collects unhandled rejections and uncaught exceptions until `stop()`. */
export function watchUnhandled(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown): void => void errors.push(reason);
  const onException = (error: unknown): void => void errors.push(error);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return {
    errors,
    stop() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A seeded pseudo-random source (mulberry32), so that a failing fuzz run can be replayed. */
export function random(
  seed: number,
): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)] };
}

let gc: (() => void) | undefined;

/** Runs a full garbage collection (Bun.gc, or V8's gc exposed at run time on Deno and Node). */
export function collectGarbage(): void {
  if (!gc) {
    const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
    if (g.Bun) {
      const bun = g.Bun;
      gc = () => bun.gc(true);
    } else if (typeof g.gc === "function") {
      gc = g.gc;
    } else {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    }
  }
  gc!();
}

/**
 * This process's resident set size, in bytes, after a full garbage collection: what is retained,
 * not the garbage that happens to await collection (which makes raw RSS samples noisy).
 */
export function rss(): number {
  collectGarbage();
  return process.memoryUsage().rss;
}
