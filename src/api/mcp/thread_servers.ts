/**
 * The `mcpServers` option of `threadStart`, `threadResume` and `threadFork`: MCP servers that
 * belong to that thread alone, sent as the thread's `config.mcp_servers` (the app-server starts
 * them for that thread; another thread calling one gets "unknown MCP server").
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart({
 *   mcpServers: {
 *     notes: { command: "node", args: ["notes-server.mjs"], env: { NOTES_DIR: "/tmp/notes" } },
 *     docs: { url: "https://mcp.example.com/mcp", bearerTokenEnvVar: "DOCS_TOKEN" },
 *   },
 * });
 * ```
 * @module
 */

import type { JsonValue } from "../../protocol/generated/types.ts";
import { InvalidArgumentError } from "../../util/errors.ts";

/** An MCP server the app-server starts as a child process (stdio). */
export interface StdioMcpServer {
  /** The program. */
  command: string;
  /** Its arguments. */
  args?: string[];
  /** Variables set for it. */
  env?: Record<string, string>;
  /** Its working directory. */
  cwd?: string;
}

/** An MCP server the app-server reaches over streamable HTTP. */
export interface HttpMcpServer {
  /** The server's URL. */
  url: string;
  /** The name of an environment variable (of the app-server) holding a bearer token for it. */
  bearerTokenEnvVar?: string;
  /** Extra HTTP headers. */
  httpHeaders?: Record<string, string>;
}

/** One MCP server of a thread. */
export type McpServerConfig = StdioMcpServer | HttpMcpServer;

/** The `mcpServers` option: servers by name, for this thread alone. */
export interface McpServersOption {
  /** MCP servers for this thread only, by name (merged into `config.mcp_servers`). */
  mcpServers?: Record<string, McpServerConfig>;
}

/** Moves `mcpServers` into the wire `config` (checked; an existing `config.mcp_servers` is kept and extended). */
export function withMcpServers<T extends { config?: { [key in string]?: JsonValue } | null }>(
  options: T & McpServersOption,
): Omit<T, "mcpServers"> {
  const { mcpServers, ...rest } = options;
  if (mcpServers === undefined) return rest;
  if (typeof mcpServers !== "object" || mcpServers === null || Array.isArray(mcpServers)) {
    throw new InvalidArgumentError("mcpServers", "must be an object of server names to { command, args, env } or { url }");
  }
  const wire: Record<string, JsonValue> = {};
  for (const [name, server] of Object.entries(mcpServers)) wire[name] = toWire(name, server);
  const config: { [key in string]?: JsonValue } = { ...(rest.config ?? {}) };
  const existing = config.mcp_servers;
  config.mcp_servers = { ...(typeof existing === "object" && existing !== null && !Array.isArray(existing) ? existing : {}), ...wire };
  return { ...rest, config } as Omit<T, "mcpServers">;
}

function toWire(name: string, server: McpServerConfig): { [key: string]: JsonValue } {
  const where = `mcpServers.${name}`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new InvalidArgumentError(where, "a server name may hold only letters, digits, '_' and '-'");
  }
  if (typeof server !== "object" || server === null) throw new InvalidArgumentError(where, "must be { command, args?, env? } or { url }");
  if ("command" in server && "url" in server) throw new InvalidArgumentError(where, "give either command (stdio) or url (HTTP), not both");
  if ("command" in server) {
    if (typeof server.command !== "string" || server.command === "") throw new InvalidArgumentError(`${where}.command`, "must be a program name or path");
    if (server.args !== undefined && (!Array.isArray(server.args) || server.args.some((a) => typeof a !== "string"))) {
      throw new InvalidArgumentError(`${where}.args`, "must be an array of strings");
    }
    return {
      command: server.command,
      ...(server.args ? { args: server.args } : {}),
      ...(server.env ? { env: stringMap(server.env, `${where}.env`) } : {}),
      ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
    };
  }
  if ("url" in server) {
    if (typeof server.url !== "string" || !/^https?:\/\//.test(server.url)) {
      throw new InvalidArgumentError(`${where}.url`, `must be an http(s) URL, got ${JSON.stringify(server.url)}`);
    }
    return {
      url: server.url,
      ...(server.bearerTokenEnvVar !== undefined ? { bearer_token_env_var: server.bearerTokenEnvVar } : {}),
      ...(server.httpHeaders ? { http_headers: stringMap(server.httpHeaders, `${where}.httpHeaders`) } : {}),
    };
  }
  throw new InvalidArgumentError(where, "must have command (a stdio server) or url (an HTTP server)");
}

function stringMap(map: Record<string, string>, where: string): { [key: string]: string } {
  if (typeof map !== "object" || map === null || Object.values(map).some((v) => typeof v !== "string")) {
    throw new InvalidArgumentError(where, "must be an object of strings");
  }
  return { ...map };
}
