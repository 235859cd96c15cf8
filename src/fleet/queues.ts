/**
 * Queue names and the fleet's queue settings.
 *
 * Every fleet job lives in one of three pg-boss queues under a common prefix:
 * - `PREFIX`: turns on new threads; every worker takes from it.
 * - `PREFIX.home.HOME`: turns on threads whose history is in the CODEX_HOME named HOME; only the
 *   workers of that home take from it (this is how a thread's turns reach its history).
 * - `PREFIX.dead`: the dead-letter queue; a job that failed its last attempt is copied here with
 *   its error.
 *
 * @module
 */
import { InvalidArgumentError } from "../util/errors.ts";

/** Settings of the fleet's queues; workers and clients of one fleet should pass the same. */
export interface FleetQueueSettings {
  /** Prefix of the queue names. Default `"codex-turns"`. Letters, digits, `_ . - /`. */
  queue?: string;
  /** A running job's heartbeat: a worker that stays silent this long has its job retried. Default 30, minimum 10. */
  heartbeatSeconds?: number;
  /** How many times a failed job is retried before it is dead-lettered. Default 2. */
  retryLimit?: number;
  /** Seconds between a failure and the retry. Default 1. */
  retryDelaySeconds?: number;
  /** A turn running longer than this is failed (and retried). Default 3600. */
  turnTimeoutSeconds?: number;
}

/** The settings with their defaults filled in. */
export type ResolvedQueueSettings = Required<FleetQueueSettings>;

/** The default queue prefix. */
export const DEFAULT_QUEUE_PREFIX = "codex-turns";

const NAME = /^[\w.\-/]+$/;

/** Fills in defaults and checks the values (pg-boss's own minimums included). */
export function resolveQueueSettings(settings: FleetQueueSettings): ResolvedQueueSettings {
  const resolved: ResolvedQueueSettings = {
    queue: settings.queue ?? DEFAULT_QUEUE_PREFIX,
    heartbeatSeconds: settings.heartbeatSeconds ?? 30,
    retryLimit: settings.retryLimit ?? 2,
    retryDelaySeconds: settings.retryDelaySeconds ?? 1,
    turnTimeoutSeconds: settings.turnTimeoutSeconds ?? 3600,
  };
  checkName("queue", resolved.queue);
  if (!Number.isInteger(resolved.heartbeatSeconds) || resolved.heartbeatSeconds < 10) {
    throw new InvalidArgumentError("heartbeatSeconds", `must be a whole number ≥ 10 (pg-boss's minimum), got ${resolved.heartbeatSeconds}`);
  }
  if (!Number.isInteger(resolved.retryLimit) || resolved.retryLimit < 0) {
    throw new InvalidArgumentError("retryLimit", `must be a whole number ≥ 0, got ${resolved.retryLimit}`);
  }
  if (!(resolved.retryDelaySeconds >= 0)) {
    throw new InvalidArgumentError("retryDelaySeconds", `must be ≥ 0, got ${resolved.retryDelaySeconds}`);
  }
  if (!Number.isInteger(resolved.turnTimeoutSeconds) || resolved.turnTimeoutSeconds < 1) {
    throw new InvalidArgumentError("turnTimeoutSeconds", `must be a whole number ≥ 1, got ${resolved.turnTimeoutSeconds}`);
  }
  return resolved;
}

/** Throws unless `value` can be part of a pg-boss queue name. */
export function checkName(argument: string, value: string): void {
  if (typeof value !== "string" || !NAME.test(value)) {
    throw new InvalidArgumentError(argument, `must be letters, digits, "_", ".", "-" or "/", got ${JSON.stringify(value)}`);
  }
}

/** The queue of turns on new threads. */
export function newThreadQueue(prefix: string): string {
  return prefix;
}

/** The queue of turns on threads whose history is in the CODEX_HOME named `home`. */
export function homeQueue(prefix: string, home: string): string {
  return `${prefix}.home.${home}`;
}

/** The dead-letter queue. */
export function deadLetterQueue(prefix: string): string {
  return `${prefix}.dead`;
}

/** Whether `name` is one of the fleet's turn queues (not the dead-letter queue). */
export function isTurnQueue(prefix: string, name: string): boolean {
  return name === prefix || name.startsWith(`${prefix}.home.`);
}

/** The pg-boss options of a turn queue with these settings. */
export function queueOptions(settings: ResolvedQueueSettings): {
  heartbeatSeconds: number;
  retryLimit: number;
  retryDelay: number;
  expireInSeconds: number;
  deadLetter: string;
} {
  return {
    heartbeatSeconds: settings.heartbeatSeconds,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    expireInSeconds: settings.turnTimeoutSeconds,
    deadLetter: deadLetterQueue(settings.queue),
  };
}
