/**
 * Routes notifications to the turns they belong to, by the turn id each carries (where it lives
 * in each message comes from the generated routing table, not a hand-kept switch).
 *
 * The one notification dispatcher of a `Codex`: each notification is routed to its turn, held
 * (early), or not a turn's. A notification for a turn can arrive before the `turn/start`
 * response that names the turn: while a `turn/start` is in flight on a thread, notifications for
 * turns not yet known on that thread are held (bounded), and handed to the turn when it
 * registers. Whatever is not a turn's goes to `unrouted` in wire order: a held event that no
 * turn claims is released there in its place, and the notifications after it wait behind it
 * until then. Nothing is dropped.
 *
 * @example
 * ```ts
 * import { TurnRouter } from "./router.ts";
 *
 * const router = new TurnRouter((notification) => console.log("not a turn's:", notification.method));
 * router.dispatch({ method: "turn/started", params: { threadId: "t", turn: { id: "u" } } as never });
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

// The previous notification's method and reader: methods come in runs (30–60 deltas), so a
// string comparison replaces most map lookups.
let lastMethod = "";
let lastReader: TurnIdReader = () => undefined;

/** The turn id a notification carries, read with an accessor made once per method from the routing table. */
function turnIdOf(method: string, params: unknown): string | undefined {
  if (method === lastMethod) return lastReader(params);
  let read = turnIdReaders.get(method);
  if (read === undefined) {
    read = readerFor(NOTIFICATION_ROUTES[method]?.turn);
    turnIdReaders.set(method, read);
  }
  lastMethod = method;
  lastReader = read;
  return read(params);
}

// The common case (37 of 39 routed methods), read by name rather than by a key in a variable.
const readTurnId: TurnIdReader = (params) => {
  const value = (params as { turnId?: unknown } | null)?.turnId;
  return typeof value === "string" ? value : undefined;
};

function readerFor(path: readonly string[] | undefined): TurnIdReader {
  if (path === undefined || path.length === 0) return () => undefined;
  const [first, second] = path;
  if (path.length === 1 && first === "turnId") return readTurnId;
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

/** Events held for a turn not yet registered, while a `turn/start` is in flight on its thread. */
interface Held {
  threadId: string;
  events: Notification[];
  /** Claimed by its turn (gone to it), released (not a turn's), or still waiting. */
  state: "waiting" | "claimed" | "released";
}

/** Routes turn notifications to registered turns, holding early ones. `Handle` is what a turn registers as. */
export class TurnRouter<Handle = unknown> {
  readonly #turns = new Map<string, TurnSink<Handle>>();
  readonly #starting = new Map<string, number>();
  readonly #early = new Map<string, Held>();
  // Wire order for `unrouted`: while any event is held, what is not a turn's queues here behind
  // it (entries with `held` are the held events' places). Empty nearly always.
  #backlog: { notification: Notification; held: Held | undefined }[] = [];
  readonly #unrouted: (notification: Notification) => void;
  // The turn of the previous notification: a turn's events come in runs, so most lookups hit.
  #lastTurnId: string | undefined;
  #lastSink: TurnSink<Handle> | undefined;

  /** `unrouted` receives, in wire order, every notification that is not a turn's. */
  constructor(unrouted: (notification: Notification) => void) {
    this.#unrouted = unrouted;
  }

  /** How many turns are registered. */
  get activeTurns(): number {
    return this.#turns.size;
  }

  /**
   * Routes one notification, in wire order: to its registered turn, held for a turn about to
   * register, or to `unrouted` (now, or behind the held events before it).
   */
  readonly dispatch = (notification: Notification): void => {
    const turnId = turnIdOf(notification.method, notification.params);
    if (turnId !== undefined) {
      if (turnId === this.#lastTurnId) return this.#lastSink!.push(notification);
      const sink = this.#turns.get(turnId);
      if (sink) {
        this.#lastTurnId = turnId;
        this.#lastSink = sink;
        return sink.push(notification);
      }
      if (this.#hold(turnId, notification)) return;
    }
    if (this.#backlog.length === 0) this.#unrouted(notification);
    else this.#backlog.push({ notification, held: undefined });
  };

  #hold(turnId: string, notification: Notification): boolean {
    const { threadId } = routeOf(notification.method, notification.params);
    if (threadId === undefined || !this.#starting.has(threadId)) return false;
    let held = this.#early.get(turnId);
    if (!held) this.#early.set(turnId, held = { threadId, events: [], state: "waiting" });
    if (held.events.length >= MAX_EARLY_EVENTS) return false;
    held.events.push(notification);
    this.#backlog.push({ notification, held });
    return true;
  }

  /** Hands on, in order, what waits at the head of the backlog and is no longer held. */
  #drain(): void {
    const backlog = this.#backlog;
    let i = 0;
    for (; i < backlog.length; i++) {
      const { notification, held } = backlog[i];
      if (held === undefined || held.state === "released") this.#unrouted(notification);
      else if (held.state === "waiting") break;
    }
    this.#backlog = i === backlog.length ? [] : backlog.slice(i);
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

  /**
   * The `turn/start` on `threadId` was answered (or failed): held events no turn claimed are
   * not a turn's, and go to `unrouted` in their wire places.
   */
  startSettled(threadId: string): void {
    const left = (this.#starting.get(threadId) ?? 1) - 1;
    if (left > 0) {
      this.#starting.set(threadId, left);
      return;
    }
    this.#starting.delete(threadId);
    let released = false;
    for (const [turnId, held] of this.#early) {
      if (held.threadId !== threadId) continue;
      this.#early.delete(turnId);
      held.state = "released";
      released = true;
    }
    if (released) this.#drain();
  }

  /** Registers a turn; returns the events that arrived for it before it registered. */
  register(turnId: string, sink: TurnSink<Handle>): Notification[] {
    this.#turns.set(turnId, sink);
    if (this.#lastTurnId === turnId) this.#lastSink = sink;
    const held = this.#early.get(turnId);
    if (!held) return [];
    this.#early.delete(turnId);
    held.state = "claimed";
    this.#drain();
    return held.events;
  }

  /** Removes a finished turn. */
  unregister(turnId: string): void {
    this.#turns.delete(turnId);
    if (this.#lastTurnId === turnId) this.#lastTurnId = this.#lastSink = undefined;
  }

  /** Fails every registered turn (the connection ended); what was held is released, in order. */
  failAll(error: unknown): void {
    const sinks = [...this.#turns.values()];
    this.#turns.clear();
    this.#lastTurnId = this.#lastSink = undefined;
    for (const held of this.#early.values()) held.state = "released";
    this.#early.clear();
    this.#drain();
    for (const sink of sinks) sink.fail(error);
  }
}
