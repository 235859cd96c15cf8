/**
 * `MockModel`: a local, scripted model server that speaks the OpenAI Responses API the way
 * the codex binary expects, so the real `codex app-server` runs complete turns offline and
 * deterministically. Queue replies, start Codex with `mock.env`, then read back what the
 * agent sent.
 *
 * Over 300 lines on purpose: it is the public class's whole scripting surface (the `queue*`
 * methods and their JSDoc); serving, replies and request parsing live in routes.ts, replies.ts,
 * sse.ts and requests.ts beside it.
 *
 * @example
 * ```ts
 * import { MockModel } from "../../testing.ts";
 *
 * await using mock = await MockModel.start();
 * mock.queueText("Hello from the mock", { deltas: 3 });
 * // await using codex = await Codex.start({ env: mock.env });
 * // const result = await (await codex.threadStart()).run("hi");
 * // result.finalResponse === "Hello from the mock"
 * ```
 * @module
 */
import {
  type MockApprovalPolicy,
  mockConfigToml,
  type MockSandboxMode,
  prepareCodexHome,
  type PreparedCodexHome,
  removeCodexHome,
} from "./codex_home.ts";
import type { HeldReply } from "./held_reply.ts";
import {
  type HttpRequest,
  type HttpResponder,
  type HttpServer,
  startHttpServer,
} from "./http_server.ts";
import type { ExecCommandArgs, FunctionCallOptions, MockOutputItem } from "./output_items.ts";
import {
  execCommandReply,
  failureReply,
  functionCallReply,
  httpErrorReply,
  itemsReply,
  type MockFailure,
  type MockReply,
  rawReply,
  type ResponseOptions,
  textReply,
  type TextReplyOptions,
  toolCallReply,
} from "./replies.ts";
import { type MockReplySource, ReplyQueue } from "./reply_queue.ts";
import { type MockHttpLogEntry, RequestLog, type WaitForRequestsOptions } from "./request_log.ts";
import { type JsonObject, type ReadonlyJsonValue, lastUserText, type MockRequest } from "./requests.ts";
import { routeMockRequest } from "./routes.ts";
import type { ResponsesEvent } from "./sse.ts";
import type { MockConfigTable } from "./toml.ts";

/** Options of {@linkcode MockModel.start}. */
export interface MockModelOptions {
  /** `approval_policy` in config.toml. Default `"never"`; `"on-request"` to test approvals. */
  readonly approvalPolicy?: MockApprovalPolicy;
  /** `sandbox_mode` in config.toml. Default `"read-only"`. */
  readonly sandboxMode?: MockSandboxMode;
  /** Extra config.toml content: raw top-level TOML lines, or a table merged over the defaults. */
  readonly config?: string | MockConfigTable;
  /**
   * The answer when the queue is empty (a string is an assistant message). Default: the text
   * `Mock reply to: <last user text>`.
   */
  readonly defaultReply?: (request: MockRequest) => MockReply | string;
  /**
   * Use this directory as `CODEX_HOME` instead of a fresh temporary one (its config.toml is
   * rewritten for this server; `close()` leaves the directory in place). Pass the same
   * directory to a later mock to resume that earlier mock's threads.
   */
  readonly codexHome?: string;
}

/**
 * A scripted Responses API server on 127.0.0.1 and its `CODEX_HOME`. Each `POST /responses`
 * consumes the next queued reply, in order; an empty queue gets the default reply.
 *
 * @example
 * ```ts
 * await using mock = await MockModel.start({ approvalPolicy: "on-request" });
 * mock.queueExecCommand({ cmd: "touch out.txt", escalated: true, justification: "write" });
 * mock.queueText("Done.");
 * // Codex.start({ env: mock.env }) … the approval request arrives, the turn completes.
 * ```
 */
export class MockModel implements AsyncDisposable {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The provider base URL written to config.toml: `${url}/v1`. */
  readonly baseUrl: string;
  /** The `CODEX_HOME` directory holding the mock config.toml. */
  readonly codexHome: string;

  readonly #server: HttpServer;
  readonly #home: PreparedCodexHome;
  readonly #replies: ReplyQueue;
  readonly #log = new RequestLog();
  #closing: Promise<void> | undefined;

  private constructor(server: HttpServer, home: PreparedCodexHome, options: MockModelOptions) {
    this.#server = server;
    this.#home = home;
    this.url = `http://127.0.0.1:${server.port}`;
    this.baseUrl = `${this.url}/v1`;
    this.codexHome = home.dir;
    this.#replies = new ReplyQueue(
      options.defaultReply ?? ((request) => `Mock reply to: ${lastUserText(request) ?? ""}`),
    );
  }

  /**
   * Starts the server on an ephemeral port and writes config.toml into `CODEX_HOME`.
   *
   * @example
   * ```ts
   * const mock = await MockModel.start({ sandboxMode: "workspace-write" });
   * await mock.close();
   * ```
   */
  static async start(options: MockModelOptions = {}): Promise<MockModel> {
    // The handler needs the instance and the instance needs the port: route through a slot.
    let model: MockModel | undefined;
    const server = await startHttpServer((request, respond) => {
      if (model === undefined) respond.json(503, { error: { message: "MockModel is starting" } });
      else model.#handle(request, respond);
    });
    try {
      const toml = mockConfigToml({
        baseUrl: `http://127.0.0.1:${server.port}/v1`,
        approvalPolicy: options.approvalPolicy,
        sandboxMode: options.sandboxMode,
        config: options.config,
      });
      const home = await prepareCodexHome(toml, options.codexHome);
      model = new MockModel(server, home, options);
      return model;
    } catch (error) {
      await server.close();
      throw error;
    }
  }

  /**
   * Environment for the codex process: `CODEX_HOME`, `RUST_LOG=warn` and
   * `CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG=1` (so no machine-wide config interferes).
   * A fresh object each time.
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * // await using codex = await Codex.start({ env: mock.env });
   * mock.env.CODEX_HOME === mock.codexHome; // true
   * ```
   */
  get env(): Record<string, string> {
    return {
      CODEX_HOME: this.codexHome,
      RUST_LOG: "warn",
      CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
    };
  }

  /**
   * Every model request received so far (each `POST …/responses`), oldest first.
   *
   * @example
   * ```ts
   * import { lastUserText } from "./requests.ts";
   * await using mock = await MockModel.start();
   * // … run a turn against the mock …
   * mock.requests.map(lastUserText); // what the user asked, request by request
   * ```
   */
  get requests(): readonly MockRequest[] {
    return this.#log.requests;
  }

  /**
   * Every HTTP request served, on any route (to spot unexpected endpoints).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * await fetch(`${mock.url}/nowhere`).then((response) => response.text());
   * mock.httpLog; // [{ method: "GET", path: "/nowhere", status: 404 }]
   * ```
   */
  get httpLog(): readonly MockHttpLogEntry[] {
    return this.#log.httpLog;
  }

  /**
   * How many queued replies have not been used yet.
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueText("one").queueText("two");
   * mock.pendingReplies; // 2; after a scenario, 0 means every scripted reply was used
   * ```
   */
  get pendingReplies(): number {
    return this.#replies.length;
  }

  /**
   * Queues replies, used one per model request in order. A function is called with the
   * request when it arrives.
   *
   * @example
   * ```ts
   * import { textReply } from "./replies.ts";
   * import { lastUserText } from "./requests.ts";
   * await using mock = await MockModel.start();
   * mock.queue(textReply("first"), (request) => `echo: ${lastUserText(request)}`);
   * ```
   */
  queue(...replies: MockReplySource[]): this {
    this.#replies.push(...replies);
    return this;
  }

  /**
   * Queues an assistant message (see {@linkcode textReply}).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueText("Hello", { deltas: ["He", "llo"], phase: "final_answer" });
   * ```
   */
  queueText(text: string, options?: TextReplyOptions): this {
    return this.queue(textReply(text, options));
  }

  /**
   * Queues a reply of several output items (see {@linkcode itemsReply}).
   *
   * @example
   * ```ts
   * import { messageItem, reasoningItem } from "./output_items.ts";
   * await using mock = await MockModel.start();
   * mock.queueItems([reasoningItem("thinking"), messageItem("Done.")]);
   * ```
   */
  queueItems(items: readonly MockOutputItem[], options?: ResponseOptions): this {
    return this.queue(itemsReply(items, options));
  }

  /**
   * Queues a call to any tool (see {@linkcode functionCallReply}).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueFunctionCall("request_user_input", { questions: [] });
   * ```
   */
  queueFunctionCall(
    name: string,
    args?: JsonObject | string,
    options?: FunctionCallOptions & ResponseOptions,
  ): this {
    return this.queue(functionCallReply(name, args, options));
  }

  /**
   * Queues a call of a client-side tool (one the app passed as `threadStart({ tools })`), by
   * name or by the tool itself; a tool in a namespace is called in it. The app-server sends the
   * app `item/tool/call` and the tool's answer comes back with the next request, so also queue
   * what the model says next.
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueToolCall("lookup_weather", { city: "Paris" }).queueText("It is sunny in Paris.");
   * mock.queueToolCall({ name: "find", namespace: "tickets" }, { id: "T-1" });
   * ```
   */
  queueToolCall(
    tool: string | { readonly name: string; readonly namespace?: string | null },
    args?: JsonObject | string,
    options?: FunctionCallOptions & ResponseOptions,
  ): this {
    return this.queue(toolCallReply(tool, args, options));
  }

  /**
   * Queues an `exec_command` call (see {@linkcode execCommandReply}). The binary runs the
   * command and sends its output with the next request, so also queue what the model says
   * next (or let the default reply end the turn).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueExecCommand({ cmd: "echo hi" }).queueText("It printed hi.");
   * ```
   */
  queueExecCommand(args: ExecCommandArgs, options?: FunctionCallOptions & ResponseOptions): this {
    return this.queue(execCommandReply(args, options));
  }

  /**
   * Queues a failed response (see {@linkcode failureReply}).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueFailure({ code: "insufficient_quota", message: "no credits" });
   * ```
   */
  queueFailure(failure?: MockFailure): this {
    return this.queue(failureReply(failure));
  }

  /**
   * Queues an HTTP error answer (see {@linkcode httpErrorReply}).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueHttpError(500);
   * ```
   */
  queueHttpError(status: number, body?: ReadonlyJsonValue): this {
    return this.queue(httpErrorReply(status, body));
  }

  /**
   * Queues exactly these SSE events (see {@linkcode rawReply}).
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * mock.queueRaw([{ type: "response.created", response: { id: "r" } }]); // then EOF
   * ```
   */
  queueRaw(events: readonly (ResponsesEvent | string)[]): this {
    return this.queue(rawReply(events));
  }

  /**
   * Queues a held reply: the stream sends `response.created`, then waits for
   * `held.release(…)` (or `held.disconnect()`), keeping the turn in progress.
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * const held = mock.queueHeld();
   * // … start a turn; here a plain request stands in for the codex binary …
   * const response = fetch(`${mock.baseUrl}/responses`, { method: "POST", body: "{}" });
   * await held.started; // the request arrived and got `response.created`: the turn is in progress
   * // … steer or interrupt the turn here …
   * held.release("Done after all");
   * await (await response).text(); // the rest of the stream, ending in response.completed
   * ```
   */
  queueHeld(): HeldReply {
    return this.#replies.hold();
  }

  /**
   * Resolves with the requests once at least `count` have arrived; rejects after the timeout
   * or when the mock closes first, saying how many did arrive.
   *
   * @example
   * ```ts
   * await using mock = await MockModel.start();
   * const arrived = mock.waitForRequests(1, { timeoutMs: 5_000 });
   * // … the codex binary sends its first model request; a plain fetch stands in for it here …
   * await fetch(`${mock.baseUrl}/responses`, { method: "POST", body: "{}" })
   *   .then((response) => response.text());
   * const [first] = await arrived;
   * first.path; // "/v1/responses"
   * ```
   */
  waitForRequests(
    count: number,
    options: WaitForRequestsOptions = {},
  ): Promise<readonly MockRequest[]> {
    return this.#log.waitFor(count, options);
  }

  /**
   * Stops the server (cutting held streams) and deletes the temporary `CODEX_HOME` (not one
   * passed in as `codexHome`). Idempotent. Close the codex process first when you can, so it
   * does not report a dropped stream.
   *
   * @example
   * ```ts
   * const mock = await MockModel.start();
   * await mock.close();
   * await mock.close(); // no-op
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * `await using mock = await MockModel.start()` closes it at the end of the scope.
   *
   * @example
   * ```ts
   * {
   *   await using mock = await MockModel.start();
   *   mock.queueText("hi");
   * } // closed here
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutdown(): Promise<void> {
    this.#replies.close();
    this.#log.close();
    await this.#server.close();
    await removeCodexHome(this.#home);
  }

  #handle(request: HttpRequest, respond: HttpResponder): void {
    const status = routeMockRequest(
      request,
      respond,
      (http, body, r) => this.#answer(http, body, r),
    );
    this.#log.logHttp({ method: request.method, path: request.path, status });
  }

  /** Records a model request and answers it from the queue; returns the HTTP status used. */
  #answer(http: HttpRequest, body: JsonObject, respond: HttpResponder): number {
    const request: MockRequest = {
      index: this.#log.requests.length,
      method: http.method,
      path: http.path,
      receivedAt: Date.now(),
      body,
    };
    this.#log.record(request);
    return this.#replies.answer(request, respond);
  }
}
