/**
 * Routes notifications to the turns they belong to, by the turn id each carries (where it lives
 * in each message comes from the generated routing table, not a hand-kept switch).
 *
 * A notification for a turn can arrive before the `turn/start` response that names the turn.
 * While a `turn/start` is in flight on a thread, notifications for turns not yet known on that
 * thread are held (bounded), and handed to the turn when it registers; whatever no turn claims
 * goes on to the client's unrouted notifications. Nothing is dropped.
 *
 * @example
 * ```ts
 * import { TurnRouter } from "./router.ts";
 *
 * const router = new TurnRouter(() => {});
 * router.route({ method: "turn/started", params: { threadId: "t", turn: { id: "u" } } as never });
 * ```
 * @module
 */

import { NOTIFICATION_ROUTES, routeOf } from "../../protocol/generated/routing.ts";
import type { Notification } from "../../protocol/messages.ts";
import type { TurnEvent } from "./events.ts";

/** What a registered turn receives, and the handle it is registered for. */
export interface TurnSink<Handle = unknown> {
  /** The turn's handle, given back by {@link TurnRouter.turn}. */
  readonly handle: Handle;
  /** One event of this turn. */
  push(event: TurnEvent): void;
  /** The connection ended: the turn can never complete. */
  fail(error: unknown): void;
}

// Held events per unknown turn while its turn/start is in flight: far more than a turn/start
// round trip produces; a bound so that a misbehaving server cannot grow memory without limit.
const MAX_EARLY_EVENTS = 10_000;

type TurnIdReader = (params: unknown) => string | undefined;
const turnIdReaders = new Map<string, TurnIdReader>();

/** The turn id a notification carries, read with an accessor made once per method from the routing table. */
function turnIdOf(method: string, params: unknown): string | undefined {
  let read = turnIdReaders.get(method);
  if (read === undefined) {
    read = readerFor(NOTIFICATION_ROUTES[method]?.turn);
    turnIdReaders.set(method, read);
  }
  return read(params);
}

function readerFor(path: readonly string[] | undefined): TurnIdReader {
  if (path === undefined || path.length === 0) return () => undefined;
  const [first, second] = path;
  if (path.length === 1) {
    return (params) => {
      const value = (params as Record<string, unknown> | null)?.[first];
      return typeof value === "string" ? value : undefined;
    };
  }
  if (path.length === 2) {
    return (params) => {
      const outer = (params as Record<string, unknown> | null)?.[first];
      const value = (outer as Record<string, unknown> | null | undefined)?.[second];
      return typeof value === "string" ? value : undefined;
    };
  }
  return (params) => {
    let value: unknown = params;
    for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
    return typeof value === "string" ? value : undefined;
  };
}

/** Routes turn notifications to registered turns, holding early ones. `Handle` is what a turn registers as. */
export class TurnRouter<Handle = unknown> {
  readonly #turns = new Map<string, TurnSink<Handle>>();
  readonly #starting = new Map<string, number>();
  readonly #early = new Map<string, { threadId: string; events: Notification[] }>();
  readonly #unclaimed: (events: Notification[]) => void;
  // The turn of the previous notification: a turn's events come in runs, so most lookups hit.
  #lastTurnId: string | undefined;
  #lastSink: TurnSink<Handle> | undefined;

  /** `unclaimed` receives held events that no turn claimed. */
  constructor(unclaimed: (events: Notification[]) => void) {
    this.#unclaimed = unclaimed;
  }

  /** How many turns are registered. */
  get activeTurns(): number {
    return this.#turns.size;
  }

  /** Takes a notification for a registered (or about-to-register) turn; false if not a turn's. */
  route(notification: Notification): boolean {
    const turnId = turnIdOf(notification.method, notification.params);
    if (turnId === undefined) return false;
    if (turnId === this.#lastTurnId) {
      this.#lastSink!.push(notification);
      return true;
    }
    const sink = this.#turns.get(turnId);
    if (sink) {
      this.#lastTurnId = turnId;
      this.#lastSink = sink;
      sink.push(notification);
      return true;
    }
    const { threadId } = routeOf(notification.method, notification.params);
    if (threadId === undefined || !this.#starting.has(threadId)) return false;
    let held = this.#early.get(turnId);
    if (!held) this.#early.set(turnId, held = { threadId, events: [] });
    if (held.events.length >= MAX_EARLY_EVENTS) return false;
    held.events.push(notification);
    return true;
  }

  /** The handle of the registered turn with this id, if any. */
  turn(turnId: string): Handle | undefined {
    return this.#turns.get(turnId)?.handle;
  }

  /** Every registered turn id. */
  turnIds(): string[] {
    return [...this.#turns.keys()];
  }

  /** Delivers an SDK-made event to a turn; false if the turn is not registered. */
  deliver(turnId: string, event: TurnEvent): boolean {
    const sink = this.#turns.get(turnId);
    sink?.push(event);
    return sink !== undefined;
  }

  /** Marks a `turn/start` in flight on `threadId`. Pair with {@link startSettled}. */
  startPending(threadId: string): void {
    this.#starting.set(threadId, (this.#starting.get(threadId) ?? 0) + 1);
  }

  /** The `turn/start` on `threadId` was answered (or failed); unclaimed held events move on. */
  startSettled(threadId: string): void {
    const left = (this.#starting.get(threadId) ?? 1) - 1;
    if (left > 0) {
      this.#starting.set(threadId, left);
      return;
    }
    this.#starting.delete(threadId);
    for (const [turnId, held] of this.#early) {
      if (held.threadId !== threadId) continue;
      this.#early.delete(turnId);
      this.#unclaimed(held.events);
    }
  }

  /** Registers a turn; returns the events that arrived for it before it registered. */
  register(turnId: string, sink: TurnSink<Handle>): Notification[] {
    this.#turns.set(turnId, sink);
    if (this.#lastTurnId === turnId) this.#lastSink = sink;
    const held = this.#early.get(turnId);
    this.#early.delete(turnId);
    return held?.events ?? [];
  }

  /** Removes a finished turn. */
  unregister(turnId: string): void {
    this.#turns.delete(turnId);
    if (this.#lastTurnId === turnId) this.#lastTurnId = this.#lastSink = undefined;
  }

  /** Fails every registered turn (the connection ended). */
  failAll(error: unknown): void {
    const sinks = [...this.#turns.values()];
    this.#turns.clear();
    this.#lastTurnId = this.#lastSink = undefined;
    this.#early.clear();
    for (const sink of sinks) sink.fail(error);
  }
}
