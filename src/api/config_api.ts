/**
 * `codex.config`: the app-server's effective configuration (`config/read`) and writes to the
 * user's `config.toml` (`config/value/write`, `config/batchWrite`). Key paths are dotted
 * (`"model"`, `"mcp_servers.docs.url"`); values are JSON.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const { config } = await codex.config.read();
 * console.log(config.model);
 * await codex.config.set("model_reasoning_effort", "high");
 * await codex.config.batch([{ keyPath: "model", value: "gpt-5.1-codex" }]);
 * ```
 * @module
 */

import type { CodexClient } from "../client/client.ts";
import type { ConfigReadResponse, ConfigWriteResponse, JsonValue, MergeStrategy } from "../protocol/generated/types.ts";
import { InvalidArgumentError } from "../util/errors.ts";

/** One edit of `codex.config.batch`. */
export interface ConfigEditInput {
  /** The dotted key path. */
  keyPath: string;
  /** The new value. */
  value: JsonValue;
  /** `"replace"` (default) or `"upsert"` (merge into an existing table). */
  mergeStrategy?: MergeStrategy;
}

/** Options of a config write. */
export interface ConfigWriteOptions {
  /** `"replace"` (default) or `"upsert"`. */
  mergeStrategy?: MergeStrategy;
  /** Refuse the write when the file changed since this version (from `read()` or a previous write). */
  expectedVersion?: string;
}

/** The app-server's configuration. Get it as `codex.config`. */
export class CodexConfig {
  readonly #client: CodexClient;

  /**
   * Wraps `client`.
   * @ignore the SDK's own wiring: applications use `codex.config`.
   */
  constructor(client: CodexClient) {
    this.#client = client;
  }

  /**
   * The effective configuration (`includeLayers` adds where each value came from).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const { config } = await codex.config.read();
   * console.log(config.model);
   * ```
   */
  read(options: { cwd?: string; includeLayers?: boolean } = {}): Promise<ConfigReadResponse> {
    return this.#client.request("config/read", { ...options });
  }

  /**
   * Sets one value in the user's `config.toml`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.config.set("model_reasoning_effort", "high");
   * ```
   */
  async set(keyPath: string, value: JsonValue, options: ConfigWriteOptions = {}): Promise<ConfigWriteResponse> {
    checkKeyPath(keyPath, "keyPath");
    return await this.#client.request("config/value/write", {
      keyPath,
      value,
      mergeStrategy: options.mergeStrategy ?? "replace",
      ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
    });
  }

  /**
   * Applies several edits at once (all or nothing).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.config.batch([
   *   { keyPath: "model", value: "gpt-5.1-codex" },
   *   { keyPath: "model_verbosity", value: "low" },
   * ]);
   * ```
   */
  async batch(edits: ConfigEditInput[], options: { expectedVersion?: string } = {}): Promise<ConfigWriteResponse> {
    if (!Array.isArray(edits) || edits.length === 0) throw new InvalidArgumentError("edits", "must be a non-empty array of { keyPath, value }");
    edits.forEach((edit, i) => checkKeyPath(edit?.keyPath, `edits[${i}].keyPath`));
    return await this.#client.request("config/batchWrite", {
      edits: edits.map((e) => ({ keyPath: e.keyPath, value: e.value, mergeStrategy: e.mergeStrategy ?? "replace" })),
      ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
    });
  }
}

function checkKeyPath(keyPath: unknown, argument: string): void {
  if (typeof keyPath !== "string" || keyPath === "") {
    throw new InvalidArgumentError(argument, `must be a dotted key path like "model", got ${JSON.stringify(keyPath)}`);
  }
}
