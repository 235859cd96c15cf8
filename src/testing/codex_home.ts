/**
 * The `CODEX_HOME` a mock model hands to the codex binary: a directory whose `config.toml`
 * selects a provider named `mock` pointing at the mock server, with retries off (a scripted
 * failure must fail the turn at once, not be retried) and WebSockets off (else the binary
 * tries a Responses WebSocket before falling back to HTTP).
 *
 * Uses `node:fs/promises`, `node:os` and `node:path`, which behave the same on Deno, Bun and
 * Node.
 *
 * @example
 * ```ts
 * import { mockConfigToml } from "./codex_home.ts";
 * const toml = mockConfigToml({ baseUrl: "http://127.0.0.1:8080/v1" });
 * toml.includes('model_provider = "mock"'); // true
 * ```
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeToml, isTomlTable, mergeToml, type MockConfigTable } from "./toml.ts";

/**
 * The `approval_policy` written to `config.toml`. 0.169.0 accepts `"never"`, `"on-request"`
 * and `"on-failure"`; it refuses `"untrusted"` in config.toml (the process exits at start).
 */
export type MockApprovalPolicy =
  | "never"
  | "on-request"
  | "on-failure"
  | (string & Record<never, never>);

/** The `sandbox_mode` written to `config.toml`. */
export type MockSandboxMode =
  | "read-only"
  | "workspace-write"
  | "danger-full-access"
  | (string & Record<never, never>);

/** What goes into the mock `config.toml`. */
export interface MockConfigOptions {
  /** The provider's `base_url`, ending in `/v1`. */
  readonly baseUrl: string;
  /** Defaults to `"never"`. */
  readonly approvalPolicy?: MockApprovalPolicy;
  /** Defaults to `"read-only"`. */
  readonly sandboxMode?: MockSandboxMode;
  /**
   * Extra configuration: raw TOML lines (added at top level, before the provider table) or a
   * table deep-merged over the defaults (so it may also override them).
   */
  readonly config?: string | MockConfigTable;
}

/**
 * Renders the mock `config.toml` (the shape documented in `docs/testbed.md`).
 *
 * @example
 * ```ts
 * mockConfigToml({
 *   baseUrl: "http://127.0.0.1:8080/v1",
 *   approvalPolicy: "on-request",
 *   config: { features: { web_search_request: false } },
 * });
 * ```
 */
export function mockConfigToml(options: MockConfigOptions): string {
  const base: MockConfigTable = {
    model: "mock-model",
    model_provider: "mock",
    approval_policy: options.approvalPolicy ?? "never",
    sandbox_mode: options.sandboxMode ?? "read-only",
    // The binary snapshots the user's shell (an interactive login shell running their profile)
    // for every thread it starts: a scripted session must not depend on the machine's profile,
    // and on one whose profile is slow (pyenv's rehash) 300 thread/starts took minutes. Plugins,
    // apps and update checks reach for the network (a git fetch of the curated plugins at every
    // start), which an offline scripted session cannot use: 15% of a start's CPU.
    features: { shell_snapshot: false, plugins: false, remote_plugin: false, apps: false, in_app_updates: false },
    model_providers: {
      mock: {
        name: "mock",
        base_url: options.baseUrl,
        wire_api: "responses",
        request_max_retries: 0,
        stream_max_retries: 0,
        supports_websockets: false,
      },
    },
  };
  const extra = options.config;
  const merged = typeof extra === "object" ? mergeToml(base, extra) : base;
  // Raw lines must sit between the top-level keys and the first [table] header, or TOML
  // would read them as keys of that table.
  const values: Record<string, MockConfigTable[string]> = {};
  const tables: Record<string, MockConfigTable> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (isTomlTable(value)) tables[key] = value;
    else values[key] = value;
  }
  const raw = typeof extra === "string" && extra.trim() !== "" ? extra.trimEnd() + "\n" : "";
  return `${encodeToml(values)}${raw}\n${encodeToml(tables)}`;
}

/** A `CODEX_HOME` directory prepared for the mock, and whether this kit created it. */
export interface PreparedCodexHome {
  /** Absolute path of the directory. */
  readonly dir: string;
  /** True when the kit made a fresh temporary directory (and so should delete it). */
  readonly created: boolean;
}

/**
 * Writes `config.toml` into `dir` (created if missing), or into a fresh temporary directory
 * when `dir` is omitted. An existing `config.toml` is replaced: a reused home must point at
 * the new server's port.
 *
 * @example
 * ```ts
 * const home = await prepareCodexHome(mockConfigToml({ baseUrl: "http://127.0.0.1:1/v1" }));
 * await removeCodexHome(home);
 * ```
 */
export async function prepareCodexHome(
  configToml: string,
  dir?: string,
): Promise<PreparedCodexHome> {
  let home: PreparedCodexHome;
  if (dir === undefined) {
    home = { dir: await mkdtemp(join(tmpdir(), "codex-mock-")), created: true };
  } else {
    await mkdir(dir, { recursive: true });
    home = { dir, created: false };
  }
  await writeFile(join(home.dir, "config.toml"), configToml);
  return home;
}

/**
 * Deletes a home the kit created; leaves a caller's own directory alone.
 *
 * @example
 * ```ts
 * await removeCodexHome({ dir: "/tmp/mine", created: false }); // does nothing
 * ```
 */
export async function removeCodexHome(home: PreparedCodexHome): Promise<void> {
  if (!home.created) return;
  // Retries because a codex process that is still shutting down may be writing session files.
  await rm(home.dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
}
