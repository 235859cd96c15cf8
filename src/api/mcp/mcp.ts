/**
 * MCP through the app-server: each server's status, tools, resources and auth
 * (`mcpServerStatus/list`), reloading the configuration (`config/mcpServer/reload`), OAuth login
 * of an HTTP server (`mcpServer/oauth/login` + `mcpServer/oauthLogin/completed`), and calling a
 * tool or reading a resource on a thread's servers.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * for (const server of await codex.mcpServers()) {
 *   console.log(server.name, server.authStatus, Object.keys(server.tools));
 * }
 * ```
 * @module
 */

import { abortable } from "../../util/abortable.ts";
import type { CodexClient } from "../../client/client.ts";
import type {
  JsonValue,
  McpResourceReadResponse,
  McpServerOauthLoginCompletedNotification,
  McpServerStatus,
  McpServerStatusDetail,
  McpServerToolCallResponse,
} from "../../protocol/generated/types.ts";
import { CodexError, InvalidArgumentError } from "../../util/errors.ts";
import { LoginInterruptedError } from "../login.ts";
import { collectPages } from "../paginate.ts";

/** Options of `codex.mcpServers`. */
export interface McpServersListOptions {
  /** A thread's servers (its own `mcpServers` too) instead of the configured ones. */
  threadId?: string;
  /** `"toolsAndAuthOnly"` skips resources (faster). Default `"full"`. */
  detail?: McpServerStatusDetail;
}

/** Every MCP server's status (all pages). */
export function listMcpServers(client: CodexClient, options: McpServersListOptions = {}): Promise<McpServerStatus[]> {
  return collectPages((cursor) =>
    client.request("mcpServerStatus/list", {
      cursor,
      ...(options.threadId !== undefined ? { threadId: options.threadId } : {}),
      ...(options.detail !== undefined ? { detail: options.detail } : {}),
    })
  );
}

/** Calls `tool` of MCP server `server` on thread `threadId`. */
export async function callMcpTool(
  client: CodexClient,
  threadId: string,
  server: string,
  tool: string,
  args: { [key: string]: JsonValue } = {},
): Promise<McpServerToolCallResponse> {
  checkName("server", server);
  checkName("tool", tool);
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new InvalidArgumentError("args", "must be an object of the tool's arguments");
  }
  return await client.request("mcpServer/tool/call", { threadId, server, tool, arguments: args });
}

/** Reads resource `uri` of MCP server `server` on thread `threadId`. */
export async function readMcpResource(client: CodexClient, threadId: string, server: string, uri: string): Promise<McpResourceReadResponse> {
  checkName("server", server);
  checkName("uri", uri);
  return await client.request("mcpServer/resource/read", { threadId, server, uri });
}

function checkName(argument: string, value: unknown): void {
  if (typeof value !== "string" || value === "") throw new InvalidArgumentError(argument, `must be a non-empty string, got ${JSON.stringify(value)}`);
}

/** How an MCP OAuth login ended. */
export interface McpLoginOutcome {
  /** Whether the server is now logged in. */
  success: boolean;
  /** Why not, when it failed. */
  error: string | null;
}

/** Options of `codex.mcpLogin`. */
export interface McpLoginOptions {
  /** The thread whose server (from its `mcpServers`) to log in. */
  threadId?: string;
  /** OAuth scopes to ask for. */
  scopes?: string[];
  /** How long the server waits for the browser callback, in seconds. */
  timeoutSecs?: number;
}

/**
 * An MCP OAuth login in progress: send the user to `authUrl`, then `wait()`. Unlike the ChatGPT
 * login's handle it has no `cancel()`: the protocol has no request to cancel an MCP login (give
 * `timeoutSecs` to bound it; `wait({ signal })` stops waiting).
 */
export class McpLogin {
  /** The MCP server's name. */
  readonly name: string;
  /** Where the user authorizes. */
  readonly authUrl: string;
  /** The server's id of this attempt (null from servers older than 0.171). */
  readonly loginId: string | null;
  readonly #completed: Promise<McpLoginOutcome>;

  /**
   * Wraps a started login.
   * @ignore the SDK's own wiring: applications call `codex.mcpLogin`.
   */
  constructor(name: string, authUrl: string, loginId: string | null, completed: Promise<McpLoginOutcome>) {
    this.name = name;
    this.authUrl = authUrl;
    this.loginId = loginId;
    this.#completed = completed;
    this.#completed.catch(() => {});
  }

  /**
   * Resolves when the server reports the login completed (successfully or not); `signal` stops waiting.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const login = await codex.mcpLogin("docs");
   * console.log(`Open ${login.authUrl}`);
   * const { success, error } = await login.wait({ signal: AbortSignal.timeout(300_000) });
   * console.log(success ? "logged in" : error);
   * ```
   */
  wait(options: { signal?: AbortSignal } = {}): Promise<McpLoginOutcome> {
    return abortable(this.#completed, options.signal);
  }
}

/** Starts an OAuth login of MCP server `name` (listening for its completion first: it can come fast). */
export async function startMcpLogin(client: CodexClient, name: string, options: McpLoginOptions = {}): Promise<McpLogin> {
  checkName("name", name);
  const seen: McpServerOauthLoginCompletedNotification[] = [];
  let settle: ((n: McpServerOauthLoginCompletedNotification) => void) | undefined;
  const stop = client.onNotification((n) => {
    if (n.method !== "mcpServer/oauthLogin/completed" || n.params.name !== name) return;
    if (settle) settle(n.params);
    else seen.push(n.params);
  });
  try {
    const response = await client.request("mcpServer/oauth/login", {
      name,
      ...(options.threadId !== undefined ? { threadId: options.threadId } : {}),
      ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
      ...(options.timeoutSecs !== undefined ? { timeoutSecs: options.timeoutSecs } : {}),
    });
    const loginId = response.loginId ?? null;
    const mine = (n: McpServerOauthLoginCompletedNotification): boolean => loginId === null || n.loginId == null || n.loginId === loginId;
    const completed = new Promise<McpLoginOutcome>((resolve, reject) => {
      const done = (n: McpServerOauthLoginCompletedNotification): void => {
        stop();
        resolve({ success: n.success, error: n.error ?? null });
      };
      const early = seen.find(mine);
      if (early) return done(early);
      settle = (n) => mine(n) && done(n);
      client.closed.then((error) => {
        stop();
        reject(new LoginInterruptedError(loginId ?? `of MCP server ${name}`, error));
      });
    });
    return new McpLogin(name, response.authorizationUrl, loginId, completed);
  } catch (error) {
    stop();
    throw error;
  }
}
