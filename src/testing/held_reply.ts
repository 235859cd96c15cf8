/**
 * A held reply keeps a model request open: the stream sends `response.created` and then
 * waits, so the turn stays in progress until the test releases it. This is what steer,
 * interrupt, abort and crash tests need.
 *
 * Observed on 0.169.0 while only `response.created` has been sent: `turn/interrupt` makes the
 * binary hang up (`ended` → `"clientClosed"`, the turn ends `interrupted`); `turn/steer`
 * makes it hang up and send a new request whose last user text is the steer input; a
 * dropped stream (`disconnect()` or `mock.close()`) fails the turn with an `error`
 * notification "stream disconnected before completion: …".
 *
 * @example
 * ```ts
 * import { MockModel } from "../../testing.ts";
 * await using mock = await MockModel.start();
 * const held = mock.queueHeld();
 * // … start a turn; here a plain request stands in for the codex binary …
 * const response = fetch(`${mock.baseUrl}/responses`, { method: "POST", body: "{}" });
 * await held.started; // the request arrived; the turn is in progress
 * held.release("Finally done");
 * await (await response).text(); // the stream completes
 * await held.ended; // "released"
 * ```
 * @module
 */
import type { EventStream } from "./http_server.ts";
import { MockModelError } from "./errors.ts";
import type { MockReply } from "./replies.ts";
import type { MockRequest } from "./requests.ts";
import { encodeSseEvent, type ResponsesEvent } from "./sse.ts";

/** The handle of a held reply (see {@linkcode MockModel.queueHeld}). */
export interface HeldReply {
  /**
   * Resolves with the request once it has arrived and `response.created` has been sent.
   * Rejects if the mock closes before any request takes this reply.
   */
  readonly started: Promise<MockRequest>;
  /**
   * Completes the reply: a string is an assistant message, a reply is streamed after the
   * `response.created` already sent (an HTTP error reply is refused: the 200 has been sent),
   * nothing means the mock's default reply. May be called before the request arrives; then
   * the reply is sent right after `response.created`. Later calls do nothing.
   */
  release(reply?: string | MockReply): void;
  /**
   * Cuts the connection mid-stream instead (the binary sees the stream drop). Later calls,
   * and a `release` after it, do nothing.
   */
  disconnect(): void;
  /**
   * Resolves when the held stream is over, saying how: `"released"` (completed by
   * {@linkcode HeldReply.release}), `"disconnected"` (cut by {@linkcode HeldReply.disconnect}),
   * `"clientClosed"` (the binary hung up first, e.g. the turn was interrupted), or
   * `"mockClosed"` (the mock closed while holding it, or before any request took it).
   */
  readonly ended: Promise<HeldOutcome>;
}

/** How a held stream ended (see {@linkcode HeldReply.ended}). */
export type HeldOutcome = "released" | "disconnected" | "clientClosed" | "mockClosed";

/** Renders the events that complete a held stream after its `response.created`. */
export type HeldFinisher = (reply: string | MockReply | undefined) => (ResponsesEvent | string)[];

type Action = { readonly kind: "release"; readonly reply?: string | MockReply } | {
  readonly kind: "disconnect";
};

/**
 * The mock's side of a {@linkcode HeldReply}: it attaches the request's stream when the
 * request arrives and performs whichever of release/disconnect came (or comes) first.
 *
 * @example
 * ```ts
 * const held = new HeldReplyController();
 * held.release("done"); // remembered until a request is attached
 * ```
 */
export class HeldReplyController implements HeldReply {
  /** See {@linkcode HeldReply.started}. */
  readonly started: Promise<MockRequest>;
  /** See {@linkcode HeldReply.ended}. */
  readonly ended: Promise<HeldOutcome>;
  #resolveEnded!: (outcome: HeldOutcome) => void;
  #outcome: HeldOutcome | undefined;
  #resolveStarted!: (request: MockRequest) => void;
  #rejectStarted!: (error: Error) => void;
  #action: Action | undefined;
  #stream: EventStream | undefined;
  #finish: HeldFinisher | undefined;

  constructor() {
    this.started = new Promise<MockRequest>((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    // Tests that never await `started` must not see an unhandled rejection when the mock
    // closes first; tests that await it still get the rejection.
    this.started.catch(() => {});
    this.ended = new Promise<HeldOutcome>((resolve) => (this.#resolveEnded = resolve));
  }

  /** See {@linkcode HeldReply.release}. */
  release(reply?: string | MockReply): void {
    if (typeof reply === "object" && reply.kind === "httpError") {
      throw new MockModelError(
        "mock_misuse",
        "A held reply has already sent HTTP 200; queue httpErrorReply() instead of releasing with it",
      );
    }
    this.#act({ kind: "release", reply });
  }

  /** See {@linkcode HeldReply.disconnect}. */
  disconnect(): void {
    this.#act({ kind: "disconnect" });
  }

  /** Called by the mock once `response.created` has been written to the request's stream. */
  attach(request: MockRequest, stream: EventStream, finish: HeldFinisher): void {
    this.#stream = stream;
    this.#finish = finish;
    this.#resolveStarted(request);
    stream.whenClosed.then(() => this.#resolveEnded(this.#outcome ?? "clientClosed"));
    if (this.#action !== undefined) this.#perform(this.#action);
  }

  /** Called by the mock when it closes, before it cuts the open streams. */
  mockClosing(): void {
    this.#outcome ??= "mockClosed";
    if (this.#stream === undefined) {
      this.#rejectStarted(new MockModelError("mock_closed", "MockModel closed before the held reply's request arrived"));
      this.#resolveEnded("mockClosed");
    }
  }

  #act(action: Action): void {
    if (this.#action !== undefined) return;
    this.#action = action;
    if (this.#stream !== undefined) this.#perform(action);
  }

  #perform(action: Action): void {
    const stream = this.#stream;
    if (stream === undefined || this.#finish === undefined) return;
    if (stream.closed) return; // the binary hung up first: `ended` already says so
    if (action.kind === "disconnect") {
      this.#outcome = "disconnected";
      stream.destroy();
      return;
    }
    this.#outcome = "released";
    for (const event of this.#finish(action.reply)) stream.write(encodeSseEvent(event));
    stream.end();
  }
}
