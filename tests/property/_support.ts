/**
 * How the property tests run fast-check: every failure names its seed and path (fast-check puts
 * them in the error), and `FC_SEED` / `FC_PATH` in the environment replay exactly that case:
 *
 *   FC_SEED=123456 FC_PATH="4:2" node scripts/test_all.mjs --only deno tests/property/
 *
 * `FC_RUNS` raises (or lowers) the number of generated cases for a longer hunt.
 */
import process from "node:process";
import fc from "fast-check";

/** The run parameters of every property: a replay when asked, else a fresh seed each run. */
export function params<T>(extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  const runs = process.env.FC_RUNS;
  return {
    ...extra,
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
    ...(runs ? { numRuns: Number(runs) } : {}),
  };
}

/** Checks a synchronous property; on failure the error says the seed and how to replay it. */
export function check<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  extra: fc.Parameters<Ts> = {},
): void {
  try {
    fc.assert(property, params(extra));
  } catch (error) {
    throw replayHint(error);
  }
}

/** Checks an asynchronous property; on failure the error says the seed and how to replay it. */
export async function checkAsync<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts>,
  extra: fc.Parameters<Ts> = {},
): Promise<void> {
  try {
    await fc.assert(property, params(extra));
  } catch (error) {
    throw replayHint(error);
  }
}

function replayHint(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const found = /seed: (-?\d+), path: "([^"]*)"/.exec(error.message);
  if (found) {
    error.message += `\nreplay: FC_SEED=${found[1]} FC_PATH="${found[2]}" (see tests/property/_support.ts)`;
  }
  return error;
}
