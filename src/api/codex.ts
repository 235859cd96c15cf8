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
 * The commands, files, MCP, config and server-info members (one block, before `#open`) each
 * delegate to their own file: `commands/`, `fs/`, `mcp/`, `config_api.ts`, `server_info.ts`.
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

import type { CodexClient } from "../client/client.ts";
import type { CodexMetadata } from "../client/handshake.ts";
import { CodexError, InvalidArgumentError } from "../util/errors.ts";
import { TransportClosedError } from "../rpc/errors.ts";
import type {
  FeedbackSaveResponse,
  FeedbackUploadResponse,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  GetAccountTokenUsageResponse,
  McpServerStatus,
  ModelProviderListResponse,
  SkillsListEntry,
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
import type { ClientReconnectOptions } from "../client/reconnect.ts";
import { SecretRedactor } from "../util/redact.ts";
import { checkCwd, checkThreadId } from "./checks.ts";
import { type ChatgptLogin, type DeviceCodeLogin, startChatgptLogin, startDeviceCodeLogin } from "./login.ts";
import { type ClientEvent, NotificationFeed } from "./notification_feed.ts";
import type { CodexStartOptions, ConnectionOptions, ConnectOptions } from "./options.ts";
import { collectPages, paginate } from "./paginate.ts";
import { type PresetOptions, withThreadPresets } from "./presets.ts";
import type { PreparedTools, ToolRegistry } from "./tools/registry.ts";
import type { ThreadTool, ThreadToolsOption } from "./tools/tool.ts";
import type { ApprovalHandler, ServerRequestDispatcher } from "./server_requests.ts";
import { Thread } from "./thread.ts";
import type { CommandOptions, CommandResult, CommandSpawnOptions } from "./commands/options.ts";
import type { CommandProcess } from "./commands/process.ts";
import { CodexFiles } from "./fs/files.ts";
import type { McpLogin, McpLoginOptions, McpServersListOptions } from "./mcp/mcp.ts";
import { type McpServersOption, withMcpServers } from "./mcp/thread_servers.ts";
import { CodexConfig } from "./config_api.ts";
import type { FeedbackInput, SkillsOptions } from "./server_info.ts";
import { answerLegacyServerRequests, checkOptOutNotifications } from "./guards.ts";
import { TurnRouter } from "./turn/router.ts";
import type { TurnContext, TurnHandle } from "./turn/turn_handle.ts";
import type { ConnectionSpan, Telemetry } from "../telemetry/telemetry.ts";
import { loadTelemetry } from "../telemetry/load.ts";

export type { CodexMetadata } from "../client/handshake.ts";

/** `thread/start` params, with the friendly presets (`approvalMode`, `sandbox`). */
export type ThreadStartOptions = Omit<ThreadStartParams, "sandbox"> & PresetOptions & ThreadToolsOption & McpServersOption;
/** `thread/resume` overrides (everything but the id), with the presets. */
export type ThreadResumeOptions =
  & Omit<ThreadResumeParams, "threadId" | "sandbox">
  & PresetOptions
  & ThreadToolsOption
  & McpServersOption;
/** `thread/fork` params (everything but the id), with the presets. */
export type ThreadForkOptions =
  & Omit<ThreadForkParams, "threadId" | "sandbox">
  & PresetOptions
  & ThreadToolsOption
  & McpServersOption;
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
  /** With `reconnect` (`connect`) or `restart` (`start`): how the client gets a new connection. */
  reconnect?: ClientReconnectOptions;
  /** Telemetry (issue 21), when `start`/`connect` loaded it already, and their connection span. */
  telemetry?: { value: Telemetry | undefined; span: ConnectionSpan | undefined; kind: "start" | "connect" };
}

/** Everything a `Codex` is built from, made by its private factory `#build`. */
interface Parts {
  client: CodexClient;
  router: TurnRouter<TurnHandle>;
  feed: NotificationFeed;
  serverRequests: ServerRequestDispatcher;
  /** The `approvals` option's handlers. */
  approvals: [ServerRequestMethod, ApprovalHandler<ServerRequestMethod>][];
  /** The client-side tools' registry. */
  tools: ToolRegistry;
  report: (error: CodexError) => void;
  redactor: SecretRedactor;
  telemetry: Telemetry | undefined;
}

/** A connection to one Codex app-server. */
export class Codex {
  /** The low-level JSON-RPC client (every protocol method, typed). */
  readonly client: CodexClient;
  readonly #pid: () => number | undefined;
  readonly #context: TurnContext;
  readonly #redactor: SecretRedactor;
  readonly #feed: NotificationFeed;
  readonly #openThreads = new Set<string>();
  readonly #tools: ToolRegistry;
  readonly #experimentalApi: boolean;
  #closing: Promise<void> | undefined;
  #fs: CodexFiles | undefined;
  #config: CodexConfig | undefined;

  private constructor(parts: Parts, options: ConnectionOptions, internals: Internals) {
    const { client, router } = parts;
    this.client = client;
    this.#pid = internals.livePid ?? (() => internals.pid);
    this.#redactor = parts.redactor;
    this.#feed = parts.feed;
    const { report, serverRequests } = parts;
    this.#experimentalApi = options.experimentalApi ?? false;
    this.#tools = parts.tools;
    // Every answerer registers with the client's one server-request router: the `approvals`
    // option first (lowest), client-side tools for their own calls only (asked first).
    for (const [method, handler] of parts.approvals) this.onServerRequest(method, handler);
    client.onRequest("item/tool/call", this.#tools.call as never, { when: this.#tools.handles });
    // After a reconnect or restart, calls wait until every thread in use is resumed.
    const restoredKind = internals.telemetry?.kind === "start" ? "restart" : "reconnect";
    client.onRestored((gap, connection) => {
      parts.telemetry?.connectionRestored(restoredKind, gap); // telemetry (issue 21)
      const threadIds = [...this.#openThreads];
      return import("./connected.ts").then(({ resyncAfterReconnect }) =>
        resyncAfterReconnect(gap, connection, { router, feed: parts.feed, threadIds, report })
      );
    });
    answerLegacyServerRequests(client);
    this.#context = {
      client,
      router,
      maxBufferedEvents: options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS,
      turnEnding: (turnId) => serverRequests.turnEnding(turnId),
      threadTails: new Map(),
      threadOpened: (id) => void this.#openThreads.add(id),
      ...(internals.localFiles ? { fileExists: localFileExists } : {}),
      ...(parts.telemetry ? { telemetry: parts.telemetry } : {}),
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
    // Telemetry (issue 21): loaded only when a provider is passed or registered; the
    // `codex.start` span covers the spawn and the handshake.
    const box: { redactor?: SecretRedactor } = {};
    const [{ checkAdmissionOptions, checkRestartOption, checkStartOptions, restartable, startAppServer }, telemetry] = await Promise.all([
      import("./starting.ts"),
      loadTelemetry(options ?? {}, (text) => box.redactor?.redact(text) ?? text),
    ]);
    checkStartOptions(options);
    checkOptOutNotifications(options.optOutNotifications);
    const restart = checkRestartOption(options.restart);
    checkAdmissionOptions(options);
    const span = telemetry?.startConnection("start");
    const started = await startAppServer(options).catch((error) => {
      span?.end({}, error);
      throw error;
    });
    box.redactor = started.redactor;
    // The validators are a large module: compiled here, while the new process boots on another
    // core, they cost the start nothing; before the spawn they would delay it.
    const validator = loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false);
    validator.catch(() => {});
    const server = restart ? restartable(started, options, restart, startAppServer) : undefined;
    return await Codex.#build(started.connection, options, {
      pid: started.pid,
      redactor: started.redactor,
      validator,
      localFiles: true,
      telemetry: { value: telemetry, span, kind: "start" },
      ...(server ? { livePid: server.pid, reconnect: server.reconnect } : {}),
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
    // A null or non-object options is refused by openRemote's own check, naming it.
    checkOptOutNotifications(options?.optOutNotifications);
    // The transports are loaded on first use: an app that only starts local servers never loads them.
    const box: { redactor?: SecretRedactor } = {};
    const [{ openRemote }, { checkAdmissionOptions }, telemetry] = await Promise.all([
      import("./remote.ts"),
      import("./option_rules.ts"),
      loadTelemetry(options ?? {}, (text) => box.redactor?.redact(text) ?? text), // issue 21
    ]);
    checkAdmissionOptions(options ?? {});
    const span = telemetry?.startConnection("connect");
    const remote = await openRemote(url, options).catch((error) => {
      span?.end({}, error);
      throw error;
    });
    box.redactor = remote.redactor;
    const { token: _token, connectTimeoutMs: _timeout, runtime: _runtime, webSocketRuntime: _ws, reconnect: _reconnect, ...rest } = options;
    // The same redactor: server messages quoting the token are scrubbed too.
    const internals: Internals = {
      redactor: remote.redactor,
      reconnect: remote.reconnect,
      telemetry: { value: telemetry, span, kind: "connect" },
    };
    return await Codex.#build(remote.connection, rest, internals)
      .catch((error) => {
        throw error instanceof TransportClosedError ? new TransportClosedError(error, "during connect") : error;
      });
  }

  /**
   * Runs the `initialize` handshake over an already open connection (any transport: a socket,
   * an in-memory pair, a custom one) and resolves with a ready `Codex`. `close()` closes that
   * connection. `Codex.start` and `Codex.connect` are built on the same steps.
   */
  static async fromConnection(connection: MessageConnection, options: ConnectionOptions = {}): Promise<Codex> {
    const { checkConnectionOptions } = await import("./option_rules.ts");
    checkConnectionOptions(options);
    checkOptOutNotifications(options.optOutNotifications);
    return await Codex.#build(connection, options, {});
  }

  /** The `initialize` response (the current server's, after a reconnect or restart). */
  get metadata(): CodexMetadata {
    return this.client.metadata!;
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
    const prepared = await this.#prepareTools(tools);
    const wire = withThreadPresets(withMcpServers(rest));
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
    const prepared = await this.#prepareTools(tools);
    const params = { ...withThreadPresets(withMcpServers(rest)), threadId: checkThreadId(id) };
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
    const prepared = await this.#prepareTools(tools);
    const params = { ...withThreadPresets(withMcpServers(rest)), threadId: checkThreadId(id) };
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

  /**
   * Runs a command (an argv, no shell) in the app-server's sandbox, without a thread, and
   * resolves with its exit code and output. `timeoutMs` and `signal` terminate it and reject
   * (`CommandTimeoutError`, `AbortError`); a non-zero exit code is a result, not an error.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const { exitCode, stdout } = await codex.exec(["ls", "-la"], { cwd: "/tmp", timeoutMs: 10_000 });
   * console.log(exitCode, stdout);
   * ```
   */
  exec(command: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return import("./on_demand.ts").then(({ execCommand }) => execCommand(this.client, command, options));
  }

  /**
   * Starts a command in the app-server's sandbox with its output streamed and its stdin open:
   * read `output`, `write`, `closeStdin`, `resize` (with `tty`), `kill`, await `exited`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await using proc = await codex.spawn(["sh", "-c", "read name; echo hello $name"]);
   * await proc.write("world\n");
   * for await (const { stream, text } of proc.output) console.log(stream, text);
   * ```
   */
  spawn(command: readonly string[], options: CommandSpawnOptions = {}): Promise<CommandProcess> {
    return import("./on_demand.ts").then(({ spawnCommand }) => spawnCommand(this.client, command, options));
  }

  /**
   * The file system of the app-server's machine: `readFile`, `readTextFile`, `writeFile`,
   * `readDir`, `stat`, `mkdir`, `remove`, `copy`, `watch` (absolute paths; see {@linkcode CodexFiles}).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.fs.writeFile("/tmp/hello.txt", "hi");
   * console.log(await codex.fs.readTextFile("/tmp/hello.txt"));
   * ```
   */
  get fs(): CodexFiles {
    return this.#fs ??= new CodexFiles(this.client);
  }

  /**
   * Every MCP server's status: `serverInfo`, `tools` (by name), `resources`, `authStatus`
   * (`mcpServerStatus/list`, all pages). With `threadId`, that thread's servers, including the
   * ones given to it in `mcpServers` (see also `thread.mcpServers()`).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * for (const server of await codex.mcpServers()) console.log(server.name, Object.keys(server.tools));
   * ```
   */
  mcpServers(options: McpServersListOptions = {}): Promise<McpServerStatus[]> {
    return import("./on_demand.ts").then(({ listMcpServers }) => listMcpServers(this.client, options));
  }

  /**
   * Reloads the MCP servers of `config.toml` (`config/mcpServer/reload`): threads pick up the
   * change; their startup status arrives in `notifications()` as `mcpServer/startupStatus/updated`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.reloadMcpServers();
   * ```
   */
  async reloadMcpServers(): Promise<void> {
    await this.client.request("config/mcpServer/reload");
  }

  /**
   * Starts an OAuth login of HTTP MCP server `name`: send the user to `authUrl`, then `wait()`.
   * (Only streamable HTTP servers log in; the server refuses others with `InvalidRequestError`.)
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const login = await codex.mcpLogin("docs");
   * console.log(`Open ${login.authUrl}`);
   * console.log((await login.wait()).success);
   * ```
   */
  mcpLogin(name: string, options: McpLoginOptions = {}): Promise<McpLogin> {
    return import("./on_demand.ts").then(({ startMcpLogin }) => startMcpLogin(this.client, name, options));
  }

  /**
   * The skills available in `cwd` (one entry per directory; `skills/list`).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const [entry] = await codex.skills({ cwd: "." });
   * console.log(entry.skills.map((skill) => skill.name));
   * ```
   */
  skills(options: SkillsOptions = {}): Promise<SkillsListEntry[]> {
    return import("./on_demand.ts").then(({ listSkills }) => listSkills(this.client, options));
  }

  /**
   * The signed-in account's rate limits (`account/rateLimits/read`; needs a ChatGPT login).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * console.log(await codex.rateLimits());
   * ```
   */
  rateLimits(): Promise<GetAccountRateLimitsResponse> {
    return this.client.request("account/rateLimits/read", {});
  }

  /**
   * The signed-in account's token usage (`account/usage/read`; needs a ChatGPT login).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * console.log(await codex.usage());
   * ```
   */
  usage(): Promise<GetAccountTokenUsageResponse> {
    return this.client.request("account/usage/read", {});
  }

  /**
   * The configuration: `read()`, `set(keyPath, value)`, `batch(edits)` (see {@linkcode CodexConfig}).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.config.set("model", "gpt-5.1-codex");
   * console.log((await codex.config.read()).config.model);
   * ```
   */
  get config(): CodexConfig {
    return this.#config ??= new CodexConfig(this.client);
  }

  /**
   * The configured model providers and the default one (`modelProvider/list`).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const { data, defaultProviderId } = await codex.modelProviders();
   * console.log(defaultProviderId, data.map((provider) => provider.id));
   * ```
   */
  modelProviders(): Promise<ModelProviderListResponse> {
    return import("./on_demand.ts").then(({ listModelProviders }) => listModelProviders(this.client));
  }

  /**
   * The ids of the threads this app-server has loaded (`thread/loaded/list`, every page).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * console.log(await codex.loadedThreads());
   * ```
   */
  loadedThreads(): Promise<string[]> {
    return import("./on_demand.ts").then(({ listLoadedThreads }) => listLoadedThreads(this.client));
  }

  /**
   * Sends a feedback report to OpenAI (`feedback/upload`), or writes it to `savePath`
   * (`feedback/save`) to look at first.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.feedback({ classification: "bug", reason: "the diff was empty", savePath: "/tmp/feedback.zip" });
   * ```
   */
  feedback(feedback: FeedbackInput): Promise<FeedbackUploadResponse | FeedbackSaveResponse> {
    return import("./on_demand.ts").then(({ sendFeedback }) => sendFeedback(this.client, feedback));
  }

  // Client-side tools, checked and prepared by the lazily loaded tools registry (none: nothing loaded).
  async #prepareTools(tools: readonly ThreadTool[] | undefined): Promise<PreparedTools | undefined> {
    if (tools === undefined) return undefined;
    const { prepareTools } = await import("./connected.ts");
    return await prepareTools(tools, this.#experimentalApi);
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
    // The low-level client (its link, admission control and server-request router) and the
    // server-request answering are loaded here, not with the root entry: for `start`, after the
    // spawn, while the app-server boots.
    const [{ approvalHandlers, CodexClient, DEFAULT_TOOL_TIMEOUT_MS, ServerRequestDispatcher, ToolRegistry }, validator] = await Promise.all([
      import("./connected.ts"),
      internals.validator ?? loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false),
    ]);
    // Telemetry (issue 21): `start`/`connect` loaded it; `fromConnection` loads it here.
    let loaded = internals.telemetry;
    if (!loaded) {
      const value = await loadTelemetry(options, (text) => redactor.redact(text));
      loaded = { value, span: value?.startConnection("connect"), kind: "connect" };
    }
    const telemetry = loaded.value;
    // The handshake's requests carry the connection span's trace; later ones the active span's.
    let handshake = loaded.span?.envelope;
    const feed = new NotificationFeed();
    const router = new TurnRouter<TurnHandle>((notification) => {
      if (notification.method === "serverRequest/resolved") serverRequests.resolved(notification.params);
      feed.notATurns(notification);
    });
    const serverRequests = new ServerRequestDispatcher(router, {
      approvals: options.approvals,
      approvalTimeoutMs: options.approvalTimeoutMs,
      report,
      telemetry,
    });
    const client = new CodexClient(connection, {
      requestTimeoutMs: options.requestTimeoutMs,
      logger,
      validator,
      experimentalApi: options.experimentalApi,
      redact: (text) => redactor.redact(text),
      reconnect: internals.reconnect,
      maxInFlightRequests: options.maxInFlightRequests,
      overloadRetry: options.overloadRetry,
      dispatcher: { dispatch: router.dispatch, read: () => feed.readNotifications() },
      serverRequestPolicy: serverRequests.policy,
      ...(telemetry ? { envelope: () => handshake ?? telemetry.activeEnvelope() } : {}),
    });
    client.closed.then((error) => {
      router.failAll(error);
      feed.end();
    });
    try {
      await client.initialize(options);
      handshake = undefined;
      loaded.span?.end({
        "codex.server.version": client.serverVersion ?? "unknown",
        ...(internals.pid === undefined ? {} : { "process.pid": internals.pid }),
      });
      const approvals = approvalHandlers(options.approvals);
      const tools = new ToolRegistry({
        timeoutMs: options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
        redact: (text) => redactor.redact(text),
        report,
        telemetry,
      });
      return new Codex({ client, router, feed, serverRequests, approvals, tools, report, redactor, telemetry }, options, internals);
    } catch (error) {
      handshake = undefined;
      loaded.span?.end({}, error);
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
