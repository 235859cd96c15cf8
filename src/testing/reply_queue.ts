/**
 * The mock's script: queued replies, consumed one per model request in order, and how each
 * is streamed back (whole, held open, or as an HTTP error). An empty queue falls back to the
 * default reply.
 *
 * @example
 * ```ts
 * import { ReplyQueue } from "./reply_queue.ts";
 * import { textReply } from "./replies.ts";
 * const queue = new ReplyQueue(() => "default");
 * queue.push(textReply("first"));
 * queue.length; // 1
 * ```
 * @module
 */
import { HeldReplyController } from "./held_reply.ts";
import type { HttpResponder } from "./http_server.ts";
import { type MockReply, textReply } from "./replies.ts";
import { IdSource, replyEvents, responseCreated } from "./reply_events.ts";
import type { MockRequest } from "./requests.ts";
import { encodeSseEvent, type ResponsesEvent } from "./sse.ts";

/** A queued reply, or a function of the request that returns one (a string = a message). */
export type MockReplySource = MockReply | ((request: MockRequest) => MockReply | string);

/**
 * Queued replies and the default; answers model requests with them.
 *
 * @example
 * ```ts
 * const queue = new ReplyQueue((request) => `echo ${request.index}`);
 * const held = queue.hold();
 * queue.length; // 1
 * queue.close(); // a held reply no request took: `held.started` rejects
 * await held.ended; // "mockClosed"
 * ```
 */
export class ReplyQueue {
  readonly #defaultReply: (request: MockRequest) => MockReply | string;
  readonly #entries: (MockReplySource | HeldReplyController)[] = [];
  readonly #held = new Set<HeldReplyController>();
  readonly #ids = new IdSource();

  /** @param defaultReply the answer when the queue is empty. */
  constructor(defaultReply: (request: MockRequest) => MockReply | string) {
    this.#defaultReply = defaultReply;
  }

  /** Replies not used yet. */
  get length(): number {
    return this.#entries.length;
  }

  /** Appends replies. */
  push(...replies: MockReplySource[]): void {
    this.#entries.push(...replies);
  }

  /** Appends a held reply and returns its controller. */
  hold(): HeldReplyController {
    const held = new HeldReplyController();
    this.#entries.push(held);
    this.#held.add(held);
    return held;
  }

  /**
   * Answers a model request with the next entry (or the default); returns the HTTP status.
   * A reply function that throws gets a 500 naming the request, so the turn fails visibly.
   */
  answer(request: MockRequest, respond: HttpResponder): number {
    const entry = this.#entries.shift();
    if (entry instanceof HeldReplyController) {
      const stream = respond.eventStream();
      const responseId = this.#ids.next("resp");
      stream.write(encodeSseEvent(responseCreated(responseId)));
      entry.attach(request, stream, (reply) => {
        return this.#events(request, reply, { skipCreated: true, responseId });
      });
      return 200;
    }
    let reply: MockReply;
    try {
      reply = this.#resolve(request, entry);
    } catch (error) {
      const message = `MockModel: the reply function for request ${request.index} threw: ${error}`;
      respond.json(500, { error: { message, type: "mock_reply_error" } });
      return 500;
    }
    if (reply.kind === "httpError") {
      respond.json(reply.status, reply.body);
      return reply.status;
    }
    const stream = respond.eventStream();
    for (const event of this.#events(request, reply)) stream.write(encodeSseEvent(event));
    stream.end();
    return 200;
  }

  /** Tells every held reply the mock is closing (before its streams are cut). */
  close(): void {
    for (const held of this.#held) held.mockClosing();
  }

  #resolve(request: MockRequest, source: MockReplySource | undefined): MockReply {
    const reply = typeof source === "function"
      ? source(request)
      : source ?? this.#defaultReply(request);
    return typeof reply === "string" ? textReply(reply) : reply;
  }

  #events(
    request: MockRequest,
    reply: string | MockReply | undefined,
    options: { skipCreated?: boolean; responseId?: string } = {},
  ): (ResponsesEvent | string)[] {
    const resolved = typeof reply === "string" ? textReply(reply) : this.#resolve(request, reply);
    if (resolved.kind === "raw") return [...resolved.events];
    if (resolved.kind === "httpError") {
      // Only reachable when a defaultReply gives an HTTP error to complete a held stream,
      // whose 200 is already sent: fail the response instead.
      const error = { code: "mock_http_error", message: `HTTP ${resolved.status} after 200` };
      return [{ type: "response.failed", response: { id: options.responseId ?? "resp", error } }];
    }
    return replyEvents(resolved, this.#ids, options);
  }
}
