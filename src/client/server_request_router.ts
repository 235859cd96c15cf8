/**
 * The one server-request router: every request the app-server sends goes through it. Handlers
 * register per method (`client.onRequest`, and under `Codex` the `approvals` option,
 * `codex.onServerRequest` and client-side tools); the router picks one for each request and a
 * policy turns it into the answer.
 *
 * - Which handler: the newest of those registered with a `when` that accepts the request (a
 *   thread's client-side tools), else the newest registered for the whole method. Removing a
 *   handler restores the one it was above.
 * - The policy: by default the handler's answer (what it throws becomes an error answer), or,
 *   with no handler, the safe answer of `safeAnswer` for a method of the protocol and `-32601`
 *   only for a method the protocol does not define. `Codex` passes its own policy (timeouts, the
 *   safe answer when a handler fails, the turn's `serverRequest/handled` event).
 *
 * @example
 * ```ts
 * import { ServerRequestRouter } from "./server_request_router.ts";
 *
 * const router = new ServerRequestRouter();
 * const remove = router.add("item/fileChange/requestApproval", () => ({ decision: "accept" }));
 * remove(); // back to the safe answer: { decision: "decline" }
 * ```
 * @module
 */

import { SERVER_REQUEST_METHODS } from "../protocol/generated/methods.ts";
import type { ServerRequestMethod, ServerRequestParams } from "../protocol/messages.ts";
import { jsonRpcErrorFromWire } from "../rpc/errors.ts";
import type { IncomingRequestContext } from "../rpc/peer.ts";
import { safeAnswer } from "./answers.ts";

/** A registered handler as the router stores it: any method's params in, its answer out. */
export type AnyServerRequestHandler = (params: unknown, context: IncomingRequestContext) => unknown;

/**
 * Turns the handler the router picked for a request (or `undefined`: none registered) into the
 * answer: return it (or a promise), `NO_REPLY` to send none, or throw for an error answer.
 */
export type ServerRequestPolicy = (
  method: string,
  params: unknown,
  handler: AnyServerRequestHandler | undefined,
  context: IncomingRequestContext,
) => unknown;

/** Options of one registration. */
export interface ServerRequestRouteOptions<M extends ServerRequestMethod = ServerRequestMethod> {
  /**
   * Takes only the requests it accepts (e.g. calls of one thread's tools); such handlers are
   * asked before those registered for the whole method.
   */
  when?: (params: ServerRequestParams<M>) => boolean;
}

interface Route {
  handler: AnyServerRequestHandler;
  when: ((params: unknown) => boolean) | undefined;
}

const PROTOCOL_METHODS: ReadonlySet<string> = new Set(SERVER_REQUEST_METHODS);

/** The default policy: the handler's answer; without one, the safe answer (or -32601 for a method the protocol lacks). */
export const answerDirectly: ServerRequestPolicy = (method, params, handler, context) => {
  if (handler) return handler(params, context);
  if (PROTOCOL_METHODS.has(method)) return safeAnswer(method as ServerRequestMethod, params as never);
  throw jsonRpcErrorFromWire({ code: -32601, message: `no handler for ${method}` });
};

/** Every server request's handlers, by method, and the policy that answers with them. */
export class ServerRequestRouter {
  readonly #routes = new Map<string, Route[]>();
  readonly #policy: ServerRequestPolicy;

  /** Answers with `policy` (default {@link answerDirectly}). */
  constructor(policy: ServerRequestPolicy = answerDirectly) {
    this.#policy = policy;
  }

  /** Registers `handler` for `method`, above those already there; returns a function that removes it. */
  add(method: string, handler: AnyServerRequestHandler, options: { when?: (params: unknown) => boolean } = {}): () => void {
    const route: Route = { handler, when: options.when };
    this.#routes.set(method, [...(this.#routes.get(method) ?? []), route]);
    return () => {
      const left = (this.#routes.get(method) ?? []).filter((r) => r !== route);
      if (left.length) this.#routes.set(method, left);
      else this.#routes.delete(method);
    };
  }

  /** The handler that answers this request now, if any. */
  pick(method: string, params: unknown): AnyServerRequestHandler | undefined {
    const routes = this.#routes.get(method);
    if (!routes) return undefined;
    for (let i = routes.length - 1; i >= 0; i--) {
      const when = routes[i].when;
      if (when !== undefined && when(params)) return routes[i].handler;
    }
    for (let i = routes.length - 1; i >= 0; i--) {
      if (routes[i].when === undefined) return routes[i].handler;
    }
    return undefined;
  }

  /** Answers one request: the picked handler through the policy. */
  answer(params: unknown, context: IncomingRequestContext): unknown {
    return this.#policy(context.method, params, this.pick(context.method, params), context);
  }
}
