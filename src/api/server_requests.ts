/**
 * How the high-level `Codex` answers every server request the app-server sends: its policy for
 * the client's one server-request router (`client/server_request_router.ts`), which picks the
 * handler (a client-side tool, `codex.onServerRequest`, `codex.client.onRequest`, the
 * `approvals` option); with none, the safe default (or `"accept-all"`'s answer when opted in). Whatever happens, an answer goes back: a handler
 * that throws, returns a malformed answer or outlives `approvalTimeoutMs` is replaced by the safe
 * answer and reported. Each handler gets an `AbortSignal` that fires when the server withdraws
 * the request (`serverRequest/resolved` before our answer, e.g. the turn was interrupted) or the
 * turn ends; an answer after that is dropped. The turn's stream shows each request and how it
 * was settled as a `serverRequest/handled` event.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start({
 *   approvals: {
 *     "item/commandExecution/requestApproval": async (params, { signal }) => {
 *       const ok = params.command?.startsWith("npm test") ?? false;
 *       return { decision: ok ? "accept" : "decline" };
 *     },
 *   },
 * });
 * ```
 * @module
 */

import { acceptAnswer, answerProblem, safeAnswer } from "../client/answers.ts";
import { within } from "../util/deadline.ts";
import type { AnyServerRequestHandler, ServerRequestPolicy } from "../client/server_request_router.ts";
import type { CodexError } from "../util/errors.ts";
import { HandlerFailedError, RequestSettledError, RequestWithdrawnError } from "./errors.ts";
import type { Telemetry } from "../telemetry/telemetry.ts";
import type { ServerRequest } from "../protocol/generated/methods.ts";
import { routeOf } from "../protocol/generated/routing.ts";
import type { ServerRequestMethod, ServerRequestParams, ServerRequestResponse } from "../protocol/messages.ts";
import { type IncomingRequestContext, NO_REPLY } from "../rpc/peer.ts";
import type { JsonRpcId } from "../rpc/messages.ts";
import type { TurnHandle } from "./turn/turn_handle.ts";
import type { ServerRequestOutcome } from "./turn/events.ts";
import type { TurnRouter } from "./turn/router.ts";

/** What a server-request handler gets besides the params. */
export interface ServerRequestContext extends IncomingRequestContext {
  /** Fires when the server withdraws the request or the turn ends: stop asking, the answer will be dropped. */
  signal: AbortSignal;
  /** The turn that raised the request, when this client started it. */
  turn: TurnHandle | undefined;
  /** The thread id the request carries, if any. */
  threadId: string | undefined;
  /** The turn id the request carries, if any. */
  turnId: string | undefined;
  /** The server's id of the request. */
  requestId: JsonRpcId;
}

/** A handler for server request `M`: return its answer (sync or async). */
export type ApprovalHandler<M extends ServerRequestMethod> = (
  params: ServerRequestParams<M>,
  context: ServerRequestContext,
) => ServerRequestResponse<M> | Promise<ServerRequestResponse<M>>;

/** Handlers per server request method. */
export type ApprovalHandlers = { [M in ServerRequestMethod]?: ApprovalHandler<M> };

/**
 * The `approvals` option: `"safe"` (default: decline, deny, no answers), `"accept-all"`
 * (**dangerous**: accepts every command and file change), or handlers per method (the safe
 * answer for the rest).
 */
export type ApprovalsOption = "safe" | "accept-all" | ApprovalHandlers;

/** Default bound on a handler's time: long enough for a person to answer in a UI. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 600_000;

interface Pending {
  controller: AbortController;
  turnId: string | undefined;
  /** Set once the request is settled (answered or withdrawn): nothing more is emitted for it. */
  settled: boolean;
  /** Emits the `withdrawn` event (synchronously, while the turn is still routed) and aborts. */
  withdraw(reason: string): void;
}

/** The handlers of an `approvals` option, by method (none for `"safe"` and `"accept-all"`). */
export function approvalHandlers(approvals: ApprovalsOption | undefined): [ServerRequestMethod, ApprovalHandler<ServerRequestMethod>][] {
  if (typeof approvals !== "object" || approvals === null) return [];
  return Object.entries(approvals).filter(([, handler]) => typeof handler === "function") as [
    ServerRequestMethod,
    ApprovalHandler<ServerRequestMethod>,
  ][];
}

/** The `Codex` policy of the server-request router: answers, events, withdrawals. */
export class ServerRequestDispatcher {
  readonly #pending = new Map<string, Pending>();
  readonly #acceptAll: boolean;
  readonly #timeoutMs: number;
  readonly #router: TurnRouter<TurnHandle>;
  readonly #report: (error: CodexError) => void;
  readonly #telemetry: Telemetry | undefined;

  /** Answers for the turns of `router`; `report` receives handler failures. */
  constructor(
    router: TurnRouter<TurnHandle>,
    options: {
      approvals?: ApprovalsOption;
      approvalTimeoutMs?: number;
      report: (error: CodexError) => void;
      telemetry?: Telemetry;
    },
  ) {
    this.#telemetry = options.telemetry;
    this.#acceptAll = options.approvals === "accept-all";
    this.#timeoutMs = options.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
    this.#router = router;
    this.#report = options.report;
  }

  /** The policy to give the client (`serverRequestPolicy`): every server request is answered here. */
  readonly policy: ServerRequestPolicy = (method, params, handler, context) =>
    this.#answer(method as ServerRequestMethod, params as ServerRequestParams<ServerRequestMethod>, handler, context);

  /** A `serverRequest/resolved` notification: the server withdrew the request (if still waiting). */
  resolved(params: { requestId: JsonRpcId }): void {
    this.#pending.get(key(params.requestId))?.withdraw("the server withdrew the request");
  }

  /**
   * The turn is ending: requests it raised that are still waiting are withdrawn now, before the
   * turn's stream closes, so the stream shows them.
   */
  turnEnding(turnId: string): void {
    for (const pending of this.#pending.values()) {
      if (pending.turnId === turnId) pending.withdraw("the turn ended");
    }
  }

  async #answer<M extends ServerRequestMethod>(
    method: M,
    params: ServerRequestParams<M>,
    handler: AnyServerRequestHandler | undefined,
    incoming: IncomingRequestContext,
  ): Promise<ServerRequestResponse<M> | typeof NO_REPLY> {
    const { threadId, turnId } = routeOf(method, params);
    const turn = turnId === undefined ? undefined : this.#router.turn(turnId);
    const fallback = (): ServerRequestResponse<M> =>
      this.#acceptAll ? acceptAnswer(method, params) : safeAnswer(method, params);
    // Telemetry (issue 21): a span per server request, ended with how it was settled.
    // A client-side tool call has its own `execute_tool` span instead (tools/call.ts).
    const span = method === "item/tool/call"
      ? undefined
      : this.#telemetry?.startServerRequest({ method, requestId: incoming.id, turnId, trace: incoming.message?.trace });
    const emit = (outcome: ServerRequestOutcome, response?: unknown, error?: string): void => {
      this.#telemetry?.endServerRequest(span, outcome, response, error, this.#acceptAll);
      if (threadId === undefined || turnId === undefined) return;
      this.#router.deliver(turnId, {
        method: "serverRequest/handled",
        params: {
          threadId,
          turnId,
          requestId: incoming.id,
          request: { method, params } as ServerRequest,
          outcome,
          ...(response === undefined ? {} : { response }),
          ...(error === undefined ? {} : { error }),
        },
      });
    };

    if (!handler) {
      try {
        const answer = fallback();
        emit("default", answer);
        return answer;
      } catch (error) {
        emit("default", undefined, (error as Error).message);
        throw error;
      }
    }

    const controller = new AbortController();
    const pending: Pending = {
      controller,
      turnId,
      settled: false,
      withdraw(reason) {
        if (pending.settled) return;
        pending.settled = true;
        emit("withdrawn");
        controller.abort(new RequestWithdrawnError(reason));
      },
    };
    const requestKey = key(incoming.id);
    this.#pending.set(requestKey, pending);
    try {
      const context: ServerRequestContext = {
        id: incoming.id,
        method: incoming.method,
        signal: pending.controller.signal,
        turn,
        threadId,
        turnId,
        requestId: incoming.id,
      };
      const stopped = new Promise<typeof NO_REPLY>((resolve) => {
        pending.controller.signal.addEventListener("abort", () => resolve(NO_REPLY), { once: true });
      });
      // Boxed, so that a handler answering undefined is told apart from the deadline passing.
      const run = (): ReturnType<typeof handler> => span ? span.run(() => handler(params, context)) : handler(params, context);
      const answered = Promise.race([Promise.resolve().then(run), stopped])
        .then((value) => ({ value }));
      const boxed = this.#timeoutMs > 0 ? await within(answered, this.#timeoutMs) : await answered;
      if (boxed?.value === NO_REPLY || pending.settled) return NO_REPLY;
      pending.settled = true;
      if (boxed === undefined) {
        return this.#failed(method, `the handler did not answer within ${this.#timeoutMs} ms`, fallback, emit);
      }
      const outcome = boxed.value as ServerRequestResponse<M>;
      const problem = answerProblem(method, outcome);
      if (problem) return this.#failed(method, `the handler's answer is malformed: ${problem}`, fallback, emit);
      emit("answered", outcome);
      return outcome;
    } catch (error) {
      if (pending.settled) return NO_REPLY;
      pending.settled = true;
      return this.#failed(method, `the handler threw: ${error instanceof Error ? error.message : String(error)}`, fallback, emit);
    } finally {
      this.#pending.delete(requestKey);
      controller.abort(new RequestSettledError());
    }
  }

  #failed<R>(
    method: string,
    problem: string,
    fallback: () => R,
    emit: (outcome: ServerRequestOutcome, response?: unknown, error?: string) => void,
  ): R {
    const error = new HandlerFailedError(method, problem);
    this.#report(error);
    const answer = fallback();
    emit("handlerFailed", answer, error.message);
    return answer;
  }
}

function key(id: JsonRpcId): string {
  return typeof id === "number" ? `n${id}` : `s${id}`;
}
