/**
 * `codex.fs`: the file system of the machine the app-server runs on (`fs/*`), with bytes and
 * text instead of base64, absolute paths checked before anything is sent, and failures as
 * {@link FsError}s that name the operation and the path. No sandbox applies: these requests act
 * with the app-server's own permissions.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * await codex.fs.mkdir("/tmp/demo/notes", { recursive: true });
 * await codex.fs.writeFile("/tmp/demo/notes/a.txt", "hello");
 * console.log(await codex.fs.readTextFile("/tmp/demo/notes/a.txt"));
 * for (const entry of await codex.fs.readDir("/tmp/demo/notes")) console.log(entry.name, entry.isFile);
 * await codex.fs.remove("/tmp/demo", { recursive: true });
 * ```
 * @module
 */

import type { CodexClient } from "../../client/client.ts";
import { JsonRpcError } from "../../rpc/errors.ts";
import { fromBase64, toBase64 } from "../../util/base64.ts";
import { InvalidArgumentError } from "../../util/errors.ts";
import { FsError } from "./errors.ts";
import { type FsWatchOptions, FsWatcher } from "./watch.ts";

/** An entry of `readDir`. */
export interface DirEntry {
  /** The entry's name (not a path). */
  name: string;
  /** Whether it is (or links to) a regular file. */
  isFile: boolean;
  /** Whether it is (or links to) a directory. */
  isDirectory: boolean;
}

/** What `stat` tells about a path. */
export interface FileInfo {
  /** Whether it is (or links to) a regular file. */
  isFile: boolean;
  /** Whether it is (or links to) a directory. */
  isDirectory: boolean;
  /** Whether the path itself is a symbolic link. */
  isSymlink: boolean;
  /** Creation time (Unix ms), or null when the file system does not keep it. */
  createdAtMs: number | null;
  /** Modification time (Unix ms), or null when unknown. */
  modifiedAtMs: number | null;
}

/** The file system of the app-server's machine. Get it as `codex.fs`. */
export class CodexFiles {
  readonly #client: CodexClient;

  /**
   * Wraps `client`.
   * @ignore the SDK's own wiring: applications use `codex.fs`.
   */
  constructor(client: CodexClient) {
    this.#client = client;
  }

  /**
   * The bytes of a file.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const bytes = await codex.fs.readFile("/tmp/logo.png");
   * console.log(bytes.length);
   * ```
   */
  async readFile(path: string): Promise<Uint8Array> {
    const { dataBase64 } = await this.#call("readFile", path, () => this.#client.request("fs/readFile", { path }));
    return fromBase64(dataBase64);
  }

  /**
   * The text of a file (UTF-8; invalid sequences become U+FFFD).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * console.log(await codex.fs.readTextFile("/etc/hostname"));
   * ```
   */
  async readTextFile(path: string): Promise<string> {
    return new TextDecoder().decode(await this.readFile(path));
  }

  /**
   * Writes a file, replacing it if it exists (a string is written as UTF-8). The directory must exist.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.fs.writeFile("/tmp/hello.txt", "hello\n");
   * await codex.fs.writeFile("/tmp/bytes.bin", new Uint8Array([1, 2, 3]));
   * ```
   */
  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    if (typeof data !== "string" && !(data instanceof Uint8Array)) {
      throw new InvalidArgumentError("data", `must be a string or a Uint8Array, got ${typeof data}`);
    }
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    await this.#call("writeFile", path, () => this.#client.request("fs/writeFile", { path, dataBase64: toBase64(bytes) }));
  }

  /**
   * The entries of a directory (names only, in the server's order).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * for (const entry of await codex.fs.readDir("/tmp")) console.log(entry.name, entry.isDirectory);
   * ```
   */
  async readDir(path: string): Promise<DirEntry[]> {
    const { entries } = await this.#call("readDir", path, () => this.#client.request("fs/readDirectory", { path }));
    return entries.map((e) => ({ name: e.fileName, isFile: e.isFile, isDirectory: e.isDirectory }));
  }

  /**
   * What kind of thing is at `path`, and its times. Rejects with `FsError` (`reason: "notFound"`) when nothing is.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const info = await codex.fs.stat("/tmp");
   * console.log(info.isDirectory, info.modifiedAtMs);
   * ```
   */
  async stat(path: string): Promise<FileInfo> {
    const info = await this.#call("stat", path, () => this.#client.request("fs/getMetadata", { path }));
    return {
      isFile: info.isFile,
      isDirectory: info.isDirectory,
      isSymlink: info.isSymlink,
      createdAtMs: info.createdAtMs || null,
      modifiedAtMs: info.modifiedAtMs || null,
    };
  }

  /**
   * Whether anything is at `path`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * if (!(await codex.fs.exists("/tmp/cache"))) await codex.fs.mkdir("/tmp/cache");
   * ```
   */
  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (error) {
      if (error instanceof FsError && error.reason === "notFound") return false;
      throw error;
    }
  }

  /**
   * Creates a directory. `recursive` (default false, as in `node:fs` and Deno) also creates the
   * missing parents and accepts an existing directory.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.fs.mkdir("/tmp/a/b/c", { recursive: true });
   * ```
   */
  async mkdir(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const recursive = options.recursive ?? false;
    await this.#call("mkdir", path, () => this.#client.request("fs/createDirectory", { path, recursive }));
  }

  /**
   * Removes a file or a directory. A directory with entries needs `recursive: true`; a missing
   * path is an `FsError` (`notFound`) unless `force: true`. (Defaults as in `node:fs.rm`; the
   * wire's defaults are the opposite.)
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.fs.remove("/tmp/a", { recursive: true, force: true });
   * ```
   */
  async remove(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    const recursive = options.recursive ?? false;
    const force = options.force ?? false;
    await this.#call("remove", path, () => this.#client.request("fs/remove", { path, recursive, force }));
  }

  /**
   * Copies a file, or a directory tree with `recursive: true`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await codex.fs.copy("/tmp/src", "/tmp/backup", { recursive: true });
   * ```
   */
  async copy(from: string, to: string, options: { recursive?: boolean } = {}): Promise<void> {
    checkPath(to, "to");
    await this.#call(
      "copy",
      from,
      () => this.#client.request("fs/copy", { sourcePath: from, destinationPath: to, recursive: options.recursive ?? false }),
      "from",
    );
  }

  /**
   * Watches `path` for changes: an async iterable of {@link FsChange}s that unwatches when the
   * loop ends or `signal` aborts. `await watcher.ready` before making changes you expect to see.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const watcher = codex.fs.watch("/tmp", { signal: AbortSignal.timeout(10_000) });
   * await watcher.ready;
   * for await (const change of watcher) console.log(change.paths);
   * ```
   */
  watch(path: string, options: FsWatchOptions = {}): FsWatcher {
    checkPath(path);
    return new FsWatcher(this.#client, path, options, (error) => toFsError("watch", path, error));
  }

  async #call<T>(operation: string, path: string, send: () => Promise<T>, argument = "path"): Promise<T> {
    checkPath(path, argument);
    try {
      return await send();
    } catch (error) {
      throw toFsError(operation, path, error);
    }
  }
}

/** The server's error answers become FsErrors; transport failures and timeouts stay what they are. */
function toFsError(operation: string, path: string, error: unknown): unknown {
  if (!(error instanceof JsonRpcError)) return error;
  const message = error.message.replace(/^[\w/]+: (Invalid request: )?/, "");
  return new FsError(operation, path, message, { cause: error, ...(error.rpcCode === -32600 ? { reason: "invalid" } : {}) });
}

function checkPath(path: unknown, argument = "path"): void {
  if (typeof path !== "string" || !(path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\"))) {
    throw new InvalidArgumentError(
      argument,
      `must be an absolute path on the app-server's machine, got ${JSON.stringify(path)} (resolve it first)`,
    );
  }
}
