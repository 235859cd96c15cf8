/**
 * Runs one fleet job's turn on a `Codex`, so that an attempt after a crash never runs a turn
 * twice for nothing:
 * 1. A result recorded by an earlier attempt is returned as it is (the worker died between
 *    recording it and completing the job).
 * 2. A turn an earlier attempt started is looked up in the thread (`thread/read`): if it had
 *    completed, its result is rebuilt from the thread's history instead of running it again.
 * 3. A new-thread job whose earlier attempt already started a thread in this CODEX_HOME continues
 *    that thread rather than starting a second one.
 * Only a turn that did not complete runs again.
 *
 * @module
 */
import { buildTurnResult } from "../api/turn/result.ts";
import type { Codex } from "../api/codex.ts";
import type { Thread } from "../api/thread.ts";
import type { TurnResult } from "../api/turn/result.ts";
import { TurnFailedError } from "../api/turn/errors.ts";
import type { Thread as ThreadInfo } from "../protocol/generated/types.ts";
import type { TurnJobData } from "./job_codec.ts";
import type { FleetStore } from "./store.ts";

/** The outcome of a job's turn. */
export interface TurnOutcome {
  result: TurnResult;
  /** True when the result came from an earlier attempt rather than from running the turn now. */
  recovered: boolean;
}

/** What the runner needs to know about the job and where it runs. */
export interface TurnRunContext {
  jobId: string;
  home: string;
  store: FleetStore;
  /** Aborting interrupts the turn (cancel, lost claim, worker stopping). */
  signal: AbortSignal;
  /** Told the thread as soon as it is known (for the error record if the turn fails). */
  onThread?: (threadId: string) => void;
}

/** Runs `job` on `codex` (see the module doc); rejects with `TurnFailedError` for a failed turn. */
export async function runTurnJob(codex: Codex, job: TurnJobData, context: TurnRunContext): Promise<TurnOutcome> {
  const { store, jobId, home, signal } = context;
  const earlier = await store.progress(jobId);
  if (earlier?.result) return { result: earlier.result, recovered: true };

  const thread = await openThread(codex, job, earlier?.home === home ? earlier.threadId : undefined, home, store);
  context.onThread?.(thread.id);
  if (earlier?.threadId !== thread.id) await store.recordThread(jobId, thread.id, home);

  if (earlier?.turnId && earlier.threadId === thread.id) {
    const finished = completedTurn(await thread.read({ includeTurns: true }), earlier.turnId);
    if (finished) {
      const result = buildTurnResult(thread.id, finished, finished.items, null, null);
      await store.recordResult(jobId, result);
      return { result, recovered: true };
    }
  }

  signal.throwIfAborted();
  const handle = await thread.turn(job.input, {
    ...job.turn,
    ...(job.outputSchema ? { outputSchema: job.outputSchema } : {}),
    ...(job.trace ? { traceContext: job.trace } : {}), // telemetry (issue 21): joins the enqueuer's trace
    signal,
  });
  await store.recordTurn(jobId, handle.id);
  const result = await handle.result;
  signal.throwIfAborted();
  if (result.status === "failed") throw new TurnFailedError(result);
  if (result.status === "interrupted") {
    throw new TurnFailedError({ ...result, error: result.error ?? { message: "the turn was interrupted on the app-server", codexErrorInfo: null, additionalDetails: null, misalignment: null } });
  }
  await store.recordResult(jobId, result);
  return { result, recovered: false };
}

async function openThread(
  codex: Codex,
  job: TurnJobData,
  earlierThreadId: string | undefined,
  home: string,
  store: FleetStore,
): Promise<Thread> {
  if (job.threadId) return await codex.threadResume(job.threadId, job.resume ?? {});
  if (earlierThreadId) return await codex.threadResume(earlierThreadId, {});
  const thread = await codex.threadStart(job.thread ?? {});
  await store.setThreadHome(thread.id, home);
  return thread;
}

type WireTurn = ThreadInfo["turns"][number];

function completedTurn(thread: ThreadInfo, turnId: string): WireTurn | undefined {
  const turn = thread.turns.find((t) => t.id === turnId);
  return turn?.status === "completed" ? turn : undefined;
}
