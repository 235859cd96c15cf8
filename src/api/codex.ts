/**
 * `Codex`: one running app-server and the client connected to it, with the thread, model and
 * account API on top. Start it, use it, close it (or let `await using` close it).
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

import { type ClientEvent, CodexClient } from "../client/client.ts";
import { CodexError, InvalidArgumentError, TransportClosedError } from "../errors.ts";
import type {
  GetAccountResponse,
  InitializeCapabilities,
  InitializeParams,
  Model,
  ThreadForkParams,
  Thread as ThreadInfo,
  ThreadListParams,
  ThreadListResponse,
  ThreadResumeParams,
  ThreadStartParams,
} from "../protocol/generated/types.ts";
import { awaitLoginCompletion, ChatgptLogin, DeviceCodeLogin } from "./login.ts";
import type { ConnectOptions } from "./connect.ts";
import type { CodexStartOptions, ConnectionOptions } from "../client/options.ts";
import { type PresetOptions, threadPresetParams } from "./presets.ts";
import type { Notification, ServerRequestMethod } from "../protocol/messages.ts";
import { type ApprovalHandler, ServerRequestDispatcher } from "./server_requests.ts";
import { SecretRedactor } from "../util/redact.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import { startAppServer } from "../client/start.ts";
import { Thread } from "./thread.ts";
import type { TurnContext } from "./turn/turn_handle.ts";
import type { ConnectionGapEvent } from "./turn/events.ts";
import type { ConnectionGap } from "../rpc/reconnecting_connection.ts";
import { TurnRouter } from "./turn/router.ts";
import { loadValidator, type Validator } from "../protocol/validation.ts";
import { DEFAULT_TOOL_TIMEOUT_MS, prepareTools, ToolRegistry } from "./tools/registry.ts";
import type { ThreadToolsOption } from "./tools/tool.ts";

/** What the app-server said about itself in answer to `initialize`. */
export interface CodexMetadata {
  /** The server's user agent, e.g. `"codex_sdk_ts/0.169.0 (…)"`. */
  userAgent: string;
  /** The state directory the server uses. */
  codexHome: string;
  /** `"unix"` or `"windows"`. */
  platformFamily: string;
  /** The operating system, e.g. `"linux"`. */
  platformOs: string;
}

/** `thread/start` params, with the friendly presets (`approvalMode`, `sandbox`). */
export type ThreadStartOptions = Omit<ThreadStartParams, "sandbox"> & PresetOptions & ThreadToolsOption;
/** `thread/resume` overrides (everything but the id), with the presets. */
export type ThreadResumeOptions = Omit<ThreadResumeParams, "threadId" | "sandbox"> & PresetOptions & ThreadToolsOption;
/** `thread/fork` params (everything but the id), with the presets. */
export type ThreadForkOptions = Omit<ThreadForkParams, "threadId" | "sandbox"> & PresetOptions & ThreadToolsOption;
/** `thread/list` filters (the cursor is handled by `threads()`). */
export type ThreadListFilter = ThreadListParams;

const SDK_VERSION = "0.1.0";
// A stream consumer may fall this many events behind before its stream overflows (see turn.ts).
const DEFAULT_MAX_BUFFERED_EVENTS = 100_000;

/** Options of every `Codex`, however it was opened. */
interface CodexInternals {
  pid?: number;
  redactor?: SecretRedactor;
  maxBufferedEvents?: number;
  /** The app-server runs on this machine (`start`): local image paths can be checked before a turn. */
  localFiles?: boolean;
  /** The validator, when it is already being loaded. */
  validator?: Promise<Validator>;
  /** Set by `connect` with `reconnect`: called back when the connection is restored. */
  reconnection?: { onRestored?: (gap: ConnectionGap) => void };
}

/** A connection to one Codex app-server. */
export class Codex {
  /** The low-level JSON-RPC client (every protocol method, typed). */
  readonly client: CodexClient;
  /** The `initialize` response. */
  readonly metadata: CodexMetadata;
  /** The app-server's process id, when this `Codex` started it. */
  readonly pid: number | undefined;
  readonly #context: TurnContext;
  readonly #redactor: SecretRedactor;
  readonly #serverRequests: ServerRequestDispatcher;
  readonly #openThreads = new Set<string>();
  readonly #report: (error: CodexError) => void;
  readonly #tools: ToolRegistry;
  readonly #experimentalApi: boolean;
  #closing: Promise<void> | undefined;

  private constructor(client: CodexClient, metadata: CodexMetadata, internals: CodexInternals & ConnectionOptions) {
    this.client = client;
    this.metadata = metadata;
    this.pid = internals.pid;
    this.#redactor = internals.redactor ?? new SecretRedactor();
    const router = new TurnRouter((events) => events.forEach((event) => client.deliverUnrouted(event)));
    client.setRouter((notification: Notification) => router.route(notification));
    client.closed.then((error) => router.failAll(error));
    const logger = internals.logger;
    this.#report = (error) => logger?.warn?.(error.message, error);
    this.#experimentalApi = internals.experimentalApi ?? false;
    this.#tools = new ToolRegistry({
      timeoutMs: internals.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
      redact: (text) => this.#redactor.redact(text),
      report: this.#report,
    });
    const serverRequests = new ServerRequestDispatcher(client, router, {
      approvals: internals.approvals,
      approvalTimeoutMs: internals.approvalTimeoutMs,
      report: this.#report,
      claim: this.#tools.claim,
    });
    if (internals.reconnection) internals.reconnection.onRestored = (gap) => void this.#restore(gap);
    this.#serverRequests = serverRequests;
    this.#context = {
      client,
      router,
      maxBufferedEvents: internals.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS,
      turnEnding: (turnId) => serverRequests.turnEnding(turnId),
      threadTails: new Map(),
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
    // The validators are a large module: load them while the process starts, not after.
    const validator = loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false);
    validator.catch(() => {});
    const started = await startAppServer(options);
    try {
      return await Codex.fromConnection(started.connection, {
        ...options,
        pid: started.pid,
        redactor: started.redactor,
        validator,
        localFiles: true,
      });
    } catch (error) {
      if (error instanceof TransportClosedError) throw new TransportClosedError(error, "during start");
      throw error;
    }
  }

  /**
   * Connects to an app-server that is already running: `ws://` / `wss://` (with `token`, sent as
   * `Authorization: Bearer`) or `unix://PATH` (`unix://` alone: the local daemon's control
   * socket). Same API as `start`; `close()` closes the connection and never stops the server.
   */
  static async connect(url: string, options: ConnectOptions = {}): Promise<Codex> {
    return (await import("./connect.ts")).connect(url, options);
  }

  /**
   * Runs the `initialize` handshake over an already open connection (any transport: a socket,
   * an in-memory pair, a custom one) and resolves with a ready `Codex`. `close()` closes that
   * connection. `Codex.start` and `Codex.connect` are built on this.
   */
  static async fromConnection(
    connection: MessageConnection,
    options: ConnectionOptions & CodexInternals = {},
  ): Promise<Codex> {
    const logger = options.logger;
    const redactor = options.redactor ??= new SecretRedactor();
    const validator = await (options.validator ??
      loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false));
    const client = new CodexClient(connection, {
      requestTimeoutMs: options.requestTimeoutMs,
      onError: logger?.warn && ((error) => logger.warn!(error.message, error)),
      validator,
      experimentalApi: options.experimentalApi,
      redact: (text) => redactor.redact(text),
    });
    try {
      const metadata = await initialize(client, options);
      return new Codex(client, metadata, options);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** How busy this app-server is: turns running plus requests waiting (what `CodexPool` balances on). */
  get load(): number {
    return this.#context.router.activeTurns + this.client.pendingRequests;
  }

  /** Whether the connection has ended (the app-server exited, or `close()` was called). */
  get isClosed(): boolean {
    return this.client.isClosed;
  }

  /** Starts a new thread. */
  /**
   * Starts a new thread. With `tools` (needs `experimentalApi`), the model is offered those
   * client-side tools and their calls run here (see {@linkcode tool}).
   */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    const { approvalMode, sandbox, tools, ...wire } = options;
    checkCwd(wire.cwd);
    const presets = threadPresetParams({ approvalMode, sandbox, approvalPolicy: wire.approvalPolicy });
    const prepared = tools === undefined ? undefined : await prepareTools(tools, this.#experimentalApi);
    // dynamicTools is a field of the experimental surface only.
    const { thread } = prepared?.specs.length
      ? await this.client.requestExperimental("thread/start", { ...wire, ...presets, dynamicTools: prepared.specs })
      : await this.client.request("thread/start", { ...wire, ...presets });
    if (prepared) this.#tools.register(thread.id, prepared.handlers);
    return this.#open(thread.id);
  }

  /** Binds to an existing thread by id, with no request (use `threadResume` to apply overrides). */
  thread(id: string): Thread {
    return this.#open(checkId(id));
  }

  /** Resumes a thread (`thread/resume`), e.g. after a restart, optionally overriding its settings. */
  /**
   * Resumes a thread (`thread/resume`), e.g. after a restart, optionally overriding its settings.
   * `tools` registers the handlers of the client-side tools the thread was started with: the
   * server keeps the tools themselves (across restarts too) and keeps offering them.
   */
  async threadResume(id: string, overrides: ThreadResumeOptions = {}): Promise<Thread> {
    const { approvalMode, sandbox, tools, ...wire } = overrides;
    checkCwd(wire.cwd);
    const presets = threadPresetParams({ approvalMode, sandbox, approvalPolicy: wire.approvalPolicy });
    const prepared = tools === undefined ? undefined : await prepareTools(tools, this.#experimentalApi);
    const { thread } = await this.client.request("thread/resume", { ...wire, ...presets, threadId: checkId(id) });
    if (prepared) this.#tools.register(thread.id, prepared.handlers);
    return this.#open(thread.id);
  }

  /**
   * Forks a thread into a new one with the same history (`thread/fork`). The fork is offered
   * the source's client-side tools; their handlers here follow it, or `tools` replaces them.
   */
  async threadFork(id: string, options: ThreadForkOptions = {}): Promise<Thread> {
    const { approvalMode, sandbox, tools, ...wire } = options;
    checkCwd(wire.cwd);
    const presets = threadPresetParams({ approvalMode, sandbox, approvalPolicy: wire.approvalPolicy });
    const prepared = tools === undefined ? undefined : await prepareTools(tools, this.#experimentalApi);
    const { thread } = await this.client.request("thread/fork", { ...wire, ...presets, threadId: checkId(id) });
    if (prepared) this.#tools.register(thread.id, prepared.handlers);
    else this.#tools.inherit(id, thread.id);
    return this.#open(thread.id);
  }

  /** One page of threads (`thread/list`); pass `nextCursor` back as `cursor` for the next. */
  threadList(filter: ThreadListFilter = {}): Promise<ThreadListResponse> {
    return this.client.request("thread/list", filter);
  }

  /** Every thread matching `filter`, across all pages, fetched page by page as you iterate. */
  async *threads(filter: Omit<ThreadListFilter, "cursor"> = {}): AsyncGenerator<ThreadInfo, void, undefined> {
    let cursor: string | null = null;
    do {
      const page: ThreadListResponse = await this.threadList({ ...filter, cursor });
      yield* page.data;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Archives a thread. */
  async threadArchive(id: string): Promise<void> {
    await this.client.request("thread/archive", { threadId: checkId(id) });
  }

  /** Unarchives a thread. */
  async threadUnarchive(id: string): Promise<void> {
    await this.client.request("thread/unarchive", { threadId: checkId(id) });
  }

  /** Deletes a thread. */
  async threadDelete(id: string): Promise<void> {
    await this.client.request("thread/delete", { threadId: checkId(id) });
    this.#tools.forget(id);
  }

  /** The models available (every page); `includeHidden` adds hidden ones. */
  async models(options: { includeHidden?: boolean } = {}): Promise<Model[]> {
    const models: Model[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Model[]; nextCursor: string | null } = await this.client.request("model/list", {
        includeHidden: options.includeHidden ?? false,
        cursor,
      });
      models.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return models;
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
  async loginChatgpt(): Promise<ChatgptLogin> {
    const listener = awaitLoginCompletion(this.client);
    try {
      const response = await this.client.request("account/login/start", { type: "chatgpt" });
      if (response.type !== "chatgpt") throw unexpectedLogin("chatgpt", response.type);
      return new ChatgptLogin(this.client, response.loginId, response.authUrl, listener.completed(response.loginId));
    } catch (error) {
      listener.dispose();
      throw error;
    }
  }

  /** Starts a device-code login: the user opens `verificationUrl` and enters `userCode`; then `wait()`. */
  async loginChatgptDeviceCode(): Promise<DeviceCodeLogin> {
    const listener = awaitLoginCompletion(this.client);
    try {
      const response = await this.client.request("account/login/start", { type: "chatgptDeviceCode" });
      if (response.type !== "chatgptDeviceCode") throw unexpectedLogin("chatgptDeviceCode", response.type);
      return new DeviceCodeLogin(
        this.client,
        response.loginId,
        response.verificationUrl,
        response.userCode,
        listener.completed(response.loginId),
      );
    } catch (error) {
      listener.dispose();
      throw error;
    }
  }

  /** Logs out. */
  async logout(): Promise<void> {
    await this.client.request("account/logout");
  }

  /**
   * Answers the server's `method` requests with `handler` from now on (replacing the `approvals`
   * option's handler for it). The handler gets `{ signal, turn }`; what it returns is the answer.
   * Returns a function that goes back to the default (safe) answer.
   */
  onServerRequest<M extends ServerRequestMethod>(method: M, handler: ApprovalHandler<M>): () => void {
    return this.#serverRequests.set(method, handler);
  }

  /**
   * Notifications that belong to no turn (thread status, account, warnings, …), from now on,
   * until the connection closes. Turn events go to each turn's `stream()`.
   */
  notifications(): AsyncIterableIterator<ClientEvent> {
    return this.client.notifications();
  }

  #open(id: string): Thread {
    this.#openThreads.add(id);
    return new Thread(this.#context, id);
  }

  /**
   * The connection came back after a drop: resubscribe to this client's threads, tell every
   * running turn and the notifications stream what was missed, and complete turns that ended
   * during the gap from the server's own record (their turn/completed was lost).
   */
  async #restore(gap: ConnectionGap): Promise<void> {
    const threadIds = [...this.#openThreads];
    await Promise.all(threadIds.map((threadId) =>
      this.client.request("thread/resume", { threadId, excludeTurns: true }).catch((error: CodexError) =>
        this.#report(new CodexError("resubscribe_failed", `thread ${threadId}: resubscribing after the reconnect failed: ${error.message}`))
      )
    ));
    const event: ConnectionGapEvent = { method: "connection/gap", params: { ...gap, threadIds } };
    const router = this.#context.router;
    const turnIds = router.turnIds();
    for (const turnId of turnIds) router.deliver(turnId, event);
    this.client.deliverUnrouted(event);
    await Promise.all(turnIds.map(async (turnId) => {
      const handle = router.turn(turnId) as { threadId?: string } | undefined;
      if (!handle?.threadId) return;
      const { thread } = await this.client.request("thread/read", { threadId: handle.threadId, includeTurns: true })
        .catch(() => ({ thread: undefined }));
      const turn = thread?.turns.find((t) => t.id === turnId);
      if (!thread || !turn) return;
      if (turn.status !== "inProgress") {
        router.deliver(turnId, { method: "turn/completed", params: { threadId: thread.id, turn } });
      } else if (thread.status.type !== "active") {
        // The server is not running it any more (it restarted): it will never complete.
        const error = { message: "the turn was lost while the connection was down", codexErrorInfo: null, additionalDetails: null, misalignment: null };
        router.deliver(turnId, { method: "turn/completed", params: { threadId: thread.id, turn: { ...turn, status: "failed", error } } });
      }
    }));
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
}

/** Whether an absolute path exists (relative ones are the server's to resolve, against its cwd). */
async function localFileExists(path: string): Promise<boolean> {
  if (!path.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(path)) return true;
  const { stat } = await import("node:fs/promises");
  return stat(path).then(() => true, () => false);
}

function checkCwd(cwd: unknown): void {
  if (cwd !== undefined && cwd !== null && typeof cwd !== "string") {
    throw new InvalidArgumentError("cwd", `must be a directory path string, got ${typeof cwd}`);
  }
}

function checkId(id: string): string {
  if (typeof id !== "string" || id === "") {
    throw new InvalidArgumentError("threadId", `must be a thread id string, got ${JSON.stringify(id)}`);
  }
  return id;
}

function unexpectedLogin(asked: string, got: string): CodexError {
  return new CodexError("unexpected_login_response", `asked for a ${asked} login, the server answered ${got}`);
}

/** The `initialize` params for these options (also replayed by a reconnecting connection). */
export function initializeParams(options: ConnectionOptions): InitializeParams {
  const capabilities: InitializeCapabilities = {
    experimentalApi: options.experimentalApi ?? false,
    requestAttestation: false,
    ...(options.optOutNotifications?.length ? { optOutNotificationMethods: options.optOutNotifications } : {}),
  };
  return {
    clientInfo: options.clientInfo ?? { name: "codex_sdk_ts", title: "Codex TypeScript SDK", version: SDK_VERSION },
    capabilities,
  };
}

async function initialize(client: CodexClient, options: ConnectionOptions): Promise<CodexMetadata> {
  const result = await client.request("initialize", initializeParams(options), { timeoutMs: options.startTimeoutMs ?? 30_000 });
  if (!isMetadata(result)) {
    throw new CodexError(
      "bad_handshake",
      `the app-server's initialize response is not what this SDK expects: ${JSON.stringify(result)?.slice(0, 300)} ` +
        `(is the binary a codex app-server of a supported version?)`,
    );
  }
  client.notify("initialized");
  return result;
}

function isMetadata(value: unknown): value is CodexMetadata {
  const v = value as CodexMetadata | null;
  return typeof v === "object" && v !== null && typeof v.userAgent === "string" && typeof v.codexHome === "string";
}
