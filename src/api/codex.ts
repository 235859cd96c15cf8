/**
 * `Codex`: one running app-server and the client connected to it, with the thread, model and
 * account API on top. Start it, use it, close it (or let `await using` close it).
 *
 * How it is put together: the handshake is the client's (`client/handshake.ts`), opening a
 * remote connection is `remote.ts`'s, the resync after a reconnect `resync.ts`'s, the login flows
 * `login.ts`'s, the argument checks `checks.ts`'s. This file wires them to one client and one
 * turn router, and owns the routing: the router is the client's notification dispatcher (each
 * notification to its turn, held, or to the feed in wire order), and `server_requests.ts` the
 * policy of the client's one server-request router.
 *
 * Over 300 lines on purpose: it is the public class's surface (thread, model and account
 * methods, each short with its JSDoc); the parts with logic of their own are the files above.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart({ cwd: "." });
 * const result = await thread.run("Summarize this repository in three bullets");
 * console.log(result.finalResponse, result.usage);
 * ```
 * @module
 */

import { CodexClient } from "../client/client.ts";
import { type CodexMetadata, initialize } from "../client/handshake.ts";
import { CodexError, InvalidArgumentError } from "../util/errors.ts";
import { TransportClosedError } from "../rpc/errors.ts";
import type {
  GetAccountResponse,
  Model,
  ThreadForkParams,
  Thread as ThreadInfo,
  ThreadListParams,
  ThreadListResponse,
  ThreadResumeParams,
  ThreadStartParams,
} from "../protocol/generated/types.ts";
import type { ServerRequestMethod } from "../protocol/messages.ts";
import { loadValidator, type Validator } from "../protocol/validation.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import type { ConnectionGap } from "../rpc/reconnecting_connection.ts";
import { SecretRedactor } from "../util/redact.ts";
import { checkCwd, checkThreadId } from "./checks.ts";
import { type ChatgptLogin, type DeviceCodeLogin, startChatgptLogin, startDeviceCodeLogin } from "./login.ts";
import { type ClientEvent, NotificationFeed } from "./notification_feed.ts";
import type { CodexStartOptions, ConnectionOptions, ConnectOptions } from "./options.ts";
import { collectPages, paginate } from "./paginate.ts";
import { type PresetOptions, withThreadPresets } from "./presets.ts";
import { DEFAULT_TOOL_TIMEOUT_MS, prepareTools, ToolRegistry } from "./tools/registry.ts";
import type { ThreadToolsOption } from "./tools/tool.ts";
import { resyncAfterReconnect } from "./resync.ts";
import { type ApprovalHandler, approvalHandlers, ServerRequestDispatcher } from "./server_requests.ts";
import { Thread } from "./thread.ts";
import { TurnRouter } from "./turn/router.ts";
import type { TurnContext, TurnHandle } from "./turn/turn_handle.ts";

export type { CodexMetadata } from "../client/handshake.ts";

/** `thread/start` params, with the friendly presets (`approvalMode`, `sandbox`). */
export type ThreadStartOptions = Omit<ThreadStartParams, "sandbox"> & PresetOptions & ThreadToolsOption;
/** `thread/resume` overrides (everything but the id), with the presets. */
export type ThreadResumeOptions = Omit<ThreadResumeParams, "threadId" | "sandbox"> & PresetOptions & ThreadToolsOption;
/** `thread/fork` params (everything but the id), with the presets. */
export type ThreadForkOptions = Omit<ThreadForkParams, "threadId" | "sandbox"> & PresetOptions & ThreadToolsOption;
/** `thread/list` filters (the cursor is handled by `threads()`). */
export type ThreadListFilter = ThreadListParams;

// A stream consumer may fall this many events behind before its stream overflows (see turn_handle.ts).
const DEFAULT_MAX_BUFFERED_EVENTS = 100_000;

/** What `start` and `connect` know that `fromConnection`'s callers do not; never public. */
interface Internals {
  pid?: number;
  /** The current process's id, when a restart may replace the process. */
  livePid?: () => number;
  redactor?: SecretRedactor;
  /** The app-server runs on this machine (`start`): local image paths can be checked before a turn. */
  localFiles?: boolean;
  /** The validator, when it is already being loaded. */
  validator?: Promise<Validator>;
  /** Set by `connect` with `reconnect`: called back when the connection is restored. */
  reconnection?: { onRestored?: (gap: ConnectionGap) => void };
}

/** Everything a `Codex` is built from, made by its private factory `#build`. */
interface Parts {
  client: CodexClient;
  router: TurnRouter<TurnHandle>;
  feed: NotificationFeed;
  serverRequests: ServerRequestDispatcher;
  report: (error: CodexError) => void;
  metadata: CodexMetadata;
  redactor: SecretRedactor;
}

/** A connection to one Codex app-server. */
export class Codex {
  /** The low-level JSON-RPC client (every protocol method, typed). */
  readonly client: CodexClient;
  /** The `initialize` response. */
  readonly metadata: CodexMetadata;
  readonly #pid: () => number | undefined;
  readonly #context: TurnContext;
  readonly #redactor: SecretRedactor;
  readonly #feed: NotificationFeed;
  readonly #openThreads = new Set<string>();
  readonly #tools: ToolRegistry;
  readonly #experimentalApi: boolean;
  #closing: Promise<void> | undefined;

  private constructor(parts: Parts, options: ConnectionOptions, internals: Internals) {
    const { client, router } = parts;
    this.client = client;
    this.metadata = parts.metadata;
    this.#pid = internals.livePid ?? (() => internals.pid);
    this.#redactor = parts.redactor;
    this.#feed = parts.feed;
    const { report, serverRequests } = parts;
    this.#experimentalApi = options.experimentalApi ?? false;
    this.#tools = new ToolRegistry({
      timeoutMs: options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
      redact: (text) => this.#redactor.redact(text),
      report,
    });
    // Every answerer registers with the client's one server-request router: the `approvals`
    // option first (lowest), client-side tools for their own calls only (asked first).
    for (const [method, handler] of approvalHandlers(options.approvals)) this.onServerRequest(method, handler);
    client.onRequest("item/tool/call", this.#tools.call as never, { when: this.#tools.handles });
    if (internals.reconnection) {
      internals.reconnection.onRestored = (gap) =>
        void resyncAfterReconnect(gap, { client, router, feed: parts.feed, threadIds: [...this.#openThreads], report });
    }
    this.#context = {
      client,
      router,
      maxBufferedEvents: options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS,
      turnEnding: (turnId) => serverRequests.turnEnding(turnId),
      threadTails: new Map(),
      threadOpened: (id) => void this.#openThreads.add(id),
      ...(internals.localFiles ? { fileExists: localFileExists } : {}),
    };
  }

  /**
   * Starts `codex app-server`, runs the `initialize` handshake and resolves when it is ready.
   * Rejects with {@link CodexNotFoundError} when there is no binary, and with
   * {@link TransportClosedError} quoting the server's stderr when it exits during start
   * (e.g. a config value it refuses).
   */
  static async start(options: CodexStartOptions = {}): Promise<Codex> {
    // Starting a process (option checks, config flags, the runtime adapters, the binary search,
    // the process transport) is loaded on first use: importing the SDK, or only connecting,
    // never pays for it.
    const [{ startAppServer }, { checkRestartOption, restartable }] = await Promise.all([
      import("../client/start.ts"),
      import("./restart.ts"),
    ]);
    const restart = checkRestartOption(options.restart);
    const started = await startAppServer(options);
    // The validators are a large module: compiled here, while the new process boots on another
    // core, they cost the start nothing; before the spawn they would delay it.
    const validator = loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false);
    validator.catch(() => {});
    const server = restart ? restartable(started, options, restart, startAppServer) : undefined;
    return await Codex.#build(server?.connection ?? started.connection, options, {
      pid: started.pid,
      redactor: started.redactor,
      validator,
      localFiles: true,
      ...(server ? { livePid: server.pid, reconnection: server.reconnection } : {}),
    }).catch((error) => {
      throw error instanceof TransportClosedError ? new TransportClosedError(error, "during start") : error;
    });
  }

  /**
   * Connects to an app-server that is already running: `ws://` / `wss://` (with `token`, sent as
   * `Authorization: Bearer`) or `unix://PATH` (`unix://` alone: the local daemon's control
   * socket). Same API as `start`; `close()` closes the connection and never stops the server.
   */
  static async connect(url: string | URL, options: ConnectOptions = {}): Promise<Codex> {
    // The transports are loaded on first use: an app that only starts local servers never loads them.
    const { openRemote } = await import("./remote.ts");
    const remote = await openRemote(url, options);
    const { token: _token, connectTimeoutMs: _timeout, runtime: _runtime, reconnect: _reconnect, ...rest } = options;
    // The same redactor: server messages quoting the token are scrubbed too.
    return await Codex.#build(remote.connection, rest, { redactor: remote.redactor, reconnection: remote.reconnection })
      .catch((error) => {
        throw error instanceof TransportClosedError ? new TransportClosedError(error, "during connect") : error;
      });
  }

  /**
   * Runs the `initialize` handshake over an already open connection (any transport: a socket,
   * an in-memory pair, a custom one) and resolves with a ready `Codex`. `close()` closes that
   * connection. `Codex.start` and `Codex.connect` are built on the same steps.
   */
  static fromConnection(connection: MessageConnection, options: ConnectionOptions = {}): Promise<Codex> {
    return Codex.#build(connection, options, {});
  }

  /** The app-server's process id, when this `Codex` started it (the current one, after a restart). */
  get pid(): number | undefined {
    return this.#pid();
  }

  /** How busy this app-server is: turns running plus requests waiting (what `CodexPool` balances on). */
  get load(): number {
    return this.#context.router.activeTurns + this.client.pendingRequests;
  }

  /** Whether the connection has ended (the app-server exited, or `close()` was called). */
  get isClosed(): boolean {
    return this.client.isClosed;
  }

  /**
   * Starts a new thread. With `tools` (needs `experimentalApi`), the model is offered those
   * client-side tools and their calls run here (see {@linkcode tool}).
   */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    const { tools, ...rest } = options;
    checkCwd(rest.cwd);
    const prepared = tools === undefined ? undefined : await prepareTools(tools, this.#experimentalApi);
    const wire = withThreadPresets(rest);
    // dynamicTools is a field of the experimental surface only.
    const { thread } = prepared?.specs.length
      ? await this.client.requestExperimental("thread/start", { ...wire, dynamicTools: prepared.specs })
      : await this.client.request("thread/start", wire);
    if (prepared) this.#tools.register(thread.id, prepared.handlers);
    return this.#open(thread.id);
  }

  /** Binds to an existing thread by id, with no request (use `threadResume` to apply overrides). */
  thread(id: string): Thread {
    return this.#open(checkThreadId(id));
  }

  /**
   * Resumes a thread (`thread/resume`), e.g. after a restart, optionally overriding its settings.
   * `tools` registers the handlers of the client-side tools the thread was started with: the
   * server keeps the tools themselves (across restarts too) and keeps offering them.
   */
  async threadResume(id: string, overrides: ThreadResumeOptions = {}): Promise<Thread> {
    const { tools, ...rest } = overrides;
    checkCwd(rest.cwd);
    const prepared = tools === undefined ? undefined : await prepareTools(tools, this.#experimentalApi);
    const params = { ...withThreadPresets(rest), threadId: checkThreadId(id) };
    const { thread } = await this.client.request("thread/resume", params);
    if (prepared) this.#tools.register(thread.id, prepared.handlers);
    return this.#open(thread.id);
  }

  /**
   * Forks a thread into a new one with the same history (`thread/fork`). The fork is offered
   * the source's client-side tools; their handlers here follow it, or `tools` replaces them.
   */
  async threadFork(id: string, options: ThreadForkOptions = {}): Promise<Thread> {
    const { tools, ...rest } = options;
    checkCwd(rest.cwd);
    const prepared = tools === undefined ? undefined : await prepareTools(tools, this.#experimentalApi);
    const params = { ...withThreadPresets(rest), threadId: checkThreadId(id) };
    const { thread } = await this.client.request("thread/fork", params);
    if (prepared) this.#tools.register(thread.id, prepared.handlers);
    else this.#tools.inherit(id, thread.id);
    return this.#open(thread.id);
  }

  /** One page of threads (`thread/list`); pass `nextCursor` back as `cursor` for the next. */
  threadList(filter: ThreadListFilter = {}): Promise<ThreadListResponse> {
    return this.client.request("thread/list", filter);
  }

  /** Every thread matching `filter`, across all pages, fetched page by page as you iterate. */
  threads(filter: Omit<ThreadListFilter, "cursor"> = {}): AsyncGenerator<ThreadInfo, void, undefined> {
    return paginate((cursor) => this.threadList({ ...filter, cursor }));
  }

  /** Archives a thread. */
  async threadArchive(id: string): Promise<void> {
    await this.client.request("thread/archive", { threadId: checkThreadId(id) });
  }

  /** Unarchives a thread. */
  async threadUnarchive(id: string): Promise<void> {
    await this.client.request("thread/unarchive", { threadId: checkThreadId(id) });
  }

  /** Deletes a thread. */
  async threadDelete(id: string): Promise<void> {
    await this.client.request("thread/delete", { threadId: checkThreadId(id) });
    this.#tools.forget(id);
  }

  /** The models available (every page); `includeHidden` adds hidden ones. */
  async models(options: { includeHidden?: boolean } = {}): Promise<Model[]> {
    const includeHidden = options.includeHidden ?? false;
    return await collectPages((cursor) => this.client.request("model/list", { includeHidden, cursor }));
  }

  /** The signed-in account, if any (`account/read`). */
  account(): Promise<GetAccountResponse> {
    return this.client.request("account/read", {});
  }

  /** Logs in with an API key. The key is redacted from every error message and log from now on. */
  async loginApiKey(apiKey: string): Promise<void> {
    if (typeof apiKey !== "string" || apiKey.trim() === "") {
      throw new InvalidArgumentError("apiKey", "must be a non-empty API key string");
    }
    this.#redactor.add(apiKey);
    await this.client.request("account/login/start", { type: "apiKey", apiKey });
  }

  /** Starts a browser login with ChatGPT: send the user to `authUrl`, then `wait()`. */
  loginChatgpt(): Promise<ChatgptLogin> {
    return startChatgptLogin(this.client);
  }

  /** Starts a device-code login: the user opens `verificationUrl` and enters `userCode`; then `wait()`. */
  loginChatgptDeviceCode(): Promise<DeviceCodeLogin> {
    return startDeviceCodeLogin(this.client);
  }

  /** Logs out. */
  async logout(): Promise<void> {
    await this.client.request("account/logout");
  }

  /**
   * Answers the server's `method` requests with `handler` from now on, above the handlers already
   * registered for it (the `approvals` option's, earlier ones, `codex.client.onRequest`'s): one
   * server-request router takes them all. The handler gets `{ signal, turn }`; what it returns
   * is the answer. Returns a function that removes it, restoring the one below (the `approvals`
   * option's, else the safe default answer).
   */
  onServerRequest<M extends ServerRequestMethod>(method: M, handler: ApprovalHandler<M>): () => void {
    return this.client.onRequest(method, handler as never);
  }

  /**
   * Notifications that belong to no turn (thread status, account, warnings, …, and events that
   * arrived before a `turn/start` answer but that no turn took), in wire order, and a
   * `connection/gap` after a reconnect, from now on, until the connection closes. Turn events go
   * to each turn's `stream()`.
   */
  notifications(): AsyncIterableIterator<ClientEvent> {
    return this.#feed.read();
  }

  #open(id: string): Thread {
    this.#openThreads.add(id);
    return new Thread(this.#context, id);
  }

  /** Closes the connection and stops the app-server it started. Running turns fail. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.client.close();
    return this.#closing;
  }

  /** Closes on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * The internal factory behind `start`, `connect` and `fromConnection`: the notification
   * dispatcher (the turn router, feeding `codex.notifications()` and `client.notifications()`),
   * the server-request policy, the client on both, the handshake, then the `Codex`. Private, so
   * the internals never appear in a public signature.
   */
  static async #build(connection: MessageConnection, options: ConnectionOptions, internals: Internals): Promise<Codex> {
    const logger = options.logger;
    const report = (error: CodexError): void => logger?.warn?.(error.message, error);
    const redactor = internals.redactor ?? new SecretRedactor();
    const validator = await (internals.validator ??
      loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false));
    const feed = new NotificationFeed();
    const router = new TurnRouter<TurnHandle>((notification) => {
      if (notification.method === "serverRequest/resolved") serverRequests.resolved(notification.params);
      feed.notATurns(notification);
    });
    const serverRequests = new ServerRequestDispatcher(router, {
      approvals: options.approvals,
      approvalTimeoutMs: options.approvalTimeoutMs,
      report,
    });
    const client = new CodexClient(connection, {
      requestTimeoutMs: options.requestTimeoutMs,
      onError: logger?.warn && ((error) => logger.warn!(error.message, error)),
      validator,
      experimentalApi: options.experimentalApi,
      redact: (text) => redactor.redact(text),
      dispatcher: { dispatch: router.dispatch, read: () => feed.readNotifications() },
      serverRequestPolicy: serverRequests.policy,
    });
    client.closed.then((error) => {
      router.failAll(error);
      feed.end();
    });
    try {
      const metadata = await initialize(client, options);
      return new Codex({ client, router, feed, serverRequests, report, metadata, redactor }, options, internals);
    } catch (error) {
      await client.close();
      throw error;
    }
  }
}

/** Whether an absolute path exists (relative ones are the server's to resolve, against its cwd). */
async function localFileExists(path: string): Promise<boolean> {
  if (!path.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(path)) return true;
  // Only Codex.start checks local files, and it has loaded the runtime adapters by then.
  const { runtimeAdapter } = await import("../runtime/detect.ts");
  const kind = await runtimeAdapter().fileKind(path);
  return kind !== "missing" && kind !== "unreadable";
}
