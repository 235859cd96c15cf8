/**
 * Reconnection of a {@link CodexClient}: the options, the gap it reports, and the loop that
 * opens a new connection with backoff. The loop is generic (it opens, then asks the client to
 * take the connection over); the client runs its own handshake on what it opened, version check
 * included, through the same code as the first connect (`client/handshake.ts`), then its
 * restore hooks (`Codex` resumes its threads there), and only then releases the calls that
 * waited.
 *
 * @example
 * ```ts
 * import { CodexClient, openWebSocketConnection } from "@codex/sdk/client";
 *
 * const url = "ws://127.0.0.1:4500";
 * const client = new CodexClient(await openWebSocketConnection({ url }), {
 *   reconnect: { open: () => openWebSocketConnection({ url }), maxAttempts: 10 },
 * });
 * await client.initialize({ clientInfo: { name: "app", title: "App", version: "1" } });
 * ```
 * @module
 */

import type { MessageConnection } from "../rpc/connection.ts";
import { type Backoff, backoffDelay } from "../util/backoff.ts";
import { InvalidArgumentError } from "../util/errors.ts";

/** The backoff of a reconnection (`Codex.connect`'s `reconnect`, `Codex.start`'s `restart`). */
export interface ReconnectOptions {
  /** How many times to try before giving up (then the client closes for good). Default 8. */
  maxAttempts?: number;
  /** The first wait, in ms; doubled each attempt. Default 250. */
  initialDelayMs?: number;
  /** The longest wait (before jitter), in ms. Default 5000. */
  maxDelayMs?: number;
  /**
   * How far each wait moves at random, as a fraction of it, up or down. Default 0.2, so that the
   * clients of a server that restarted do not all come back at the same moment.
   */
  jitterRatio?: number;
}

/** How a {@link CodexClient} gets a new connection when its connection drops. */
export interface ClientReconnectOptions extends ReconnectOptions {
  /** Opens a new connection (a new socket, or a new app-server process). */
  open: () => Promise<MessageConnection>;
  /**
   * Send again, on the new connection, the requests the drop left unanswered. Right when the
   * server behind the old connection is known to be gone with everything it was doing (a local
   * app-server that died: `Codex.start`'s `restart` sets it); wrong across a network drop, where
   * the server may have carried a request out and only its answer was lost. Default false: those
   * requests fail with `TransportClosedError`.
   */
  resendCutOff?: boolean;
}

/** What was missed while the connection was down. */
export interface ConnectionGap {
  /** When the connection dropped (ms since the epoch). */
  lostAt: number;
  /** When it was back and initialized. */
  restoredAt: number;
  /** How many attempts it took. */
  attempts: number;
  /** Why it dropped. */
  reason: string;
}

const NAMES = ["maxAttempts", "initialDelayMs", "maxDelayMs", "jitterRatio"] as const;

/**
 * Checks a `restart`/`reconnect` option (`true`, `false`, or backoff numbers) and returns the
 * backoff, or `undefined` when off. Throws {@link InvalidArgumentError} naming the bad field.
 */
export function checkReconnectOption(name: string, value: unknown): ReconnectOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(name, `must be true, false, or { ${NAMES.join(", ")} }, got ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(NAMES as readonly string[]).includes(key)) {
      throw new InvalidArgumentError(`${name}.${key}`, `is not an option; the options are ${NAMES.join(", ")}`);
    }
  }
  for (const key of NAMES) {
    const field = record[key];
    // A jitterRatio over 1 could make a delay negative.
    const tooBig = key === "jitterRatio" && typeof field === "number" && field > 1;
    if (field !== undefined && (typeof field !== "number" || !Number.isFinite(field) || field < 0 || tooBig)) {
      const bound = key === "jitterRatio" ? " and ≤ 1" : "";
      throw new InvalidArgumentError(`${name}.${key}`, `must be a number ≥ 0${bound}, got ${String(field)}`);
    }
  }
  if (record.maxAttempts !== undefined && !Number.isInteger(record.maxAttempts)) {
    throw new InvalidArgumentError(`${name}.maxAttempts`, `must be a whole number, got ${String(record.maxAttempts)}`);
  }
  return value as ReconnectOptions;
}

/** The backoff of these options, defaults filled in. */
export function reconnectBackoff(options: ReconnectOptions): Backoff & { maxAttempts: number } {
  return {
    maxAttempts: options.maxAttempts ?? 8,
    initialDelayMs: options.initialDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 5000,
    jitterRatio: options.jitterRatio ?? 0.2,
  };
}

/** How one attempt went: taken over, try again, or stop (the reason is final). */
export type AttemptOutcome = "restored" | "retry" | { stop: string };

/**
 * Opens connections with backoff until `take` restores one, `stop` is aborted, or the attempts
 * run out. Resolves with the gap, or with the reason it gave up.
 */
export async function reopen(
  options: ClientReconnectOptions,
  reason: string,
  stop: AbortSignal,
  take: (connection: MessageConnection) => Promise<AttemptOutcome>,
): Promise<{ gap: ConnectionGap } | { failed: string }> {
  const lostAt = Date.now();
  const backoff = reconnectBackoff(options);
  for (let attempt = 1; attempt <= backoff.maxAttempts; attempt++) {
    await sleep(backoffDelay(attempt, backoff), stop);
    if (stop.aborted) return { failed: "closed by the client" };
    let connection: MessageConnection;
    try {
      connection = await options.open();
    } catch {
      continue;
    }
    if (stop.aborted) {
      // close() came while this one was opening (e.g. a process starting): it must not outlive us.
      await connection.close().catch(() => {});
      return { failed: "closed by the client" };
    }
    const outcome = await take(connection);
    if (outcome === "restored") return { gap: { lostAt, restoredAt: Date.now(), attempts: attempt, reason } };
    if (outcome !== "retry") return { failed: `${reason}; ${outcome.stop}` };
    if (stop.aborted) return { failed: "closed by the client" };
  }
  return { failed: `${reason}; gave up reconnecting after ${backoff.maxAttempts} attempts` };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
