/**
 * A real `codex app-server` listening on loopback (`--listen ws://127.0.0.1:0`, optionally with
 * `--ws-auth capability-token`) or on a unix socket (`--listen unix://PATH`), started with a
 * MockModel's env so that turns run offline. For the tests of `connect`: the test owns the
 * process, kills it when it wants, and disposing kills whatever is left.
 */
import { mkdtemp, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess, ExitStatus } from "../../src/runtime/types.ts";
import { loadRuntime } from "../../src/runtime/detect.ts";
import { resolveCodexBinary } from "../../client.ts";

/** Options of {@link startListener}. */
export interface ListenerOptions {
  /** The app-server's env (e.g. `mock.env`), added to this process's. */
  env: Record<string, string>;
  /** Listen on a WebSocket port (default) or on a unix socket. */
  transport?: "ws" | "unix";
  /** With `transport: "ws"`: require this capability token (`--ws-auth capability-token`). */
  token?: string;
}

/** A running listener. */
export interface Listener extends AsyncDisposable {
  /** What to pass to `connect`: `ws://127.0.0.1:PORT` or `unix://PATH`. */
  url: string;
  /** The app-server's process id. */
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<ExitStatus>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` and waits until the process is gone. */
  kill(signal?: "SIGTERM" | "SIGKILL"): Promise<ExitStatus>;
}

const READY_TIMEOUT_MS = 15_000;

/** Starts the app-server and resolves once it accepts connections. */
export async function startListener(options: ListenerOptions): Promise<Listener> {
  const runtime = await loadRuntime();
  const env = { ...runtime.environment(), ...options.env };
  const command = await resolveCodexBinary({ env });
  const dir = await mkdtemp(join(tmpdir(), "codex-listener-"));
  const socketPath = join(dir, "app-server.sock");
  const args = ["app-server"];
  if (options.transport === "unix") {
    args.push("--listen", `unix://${socketPath}`);
  } else {
    args.push("--listen", "ws://127.0.0.1:0");
    if (options.token !== undefined) {
      const tokenFile = join(dir, "token");
      await writeFile(tokenFile, `${options.token}\n`, { mode: 0o600 });
      args.push("--ws-auth", "capability-token", "--ws-token-file", tokenFile);
    }
  }
  const child = await runtime.spawn(command, { args, env });
  let stderr = "";
  const drained = drain(child, (text) => (stderr += text));
  let socketTarget: string | undefined;

  const cleanUp = async (): Promise<void> => {
    await drained;
    // A killed server leaves its socket (and lock file) in /tmp/codex-daemon-<uid>/.
    if (socketTarget) await Promise.all([rm(socketTarget, { force: true }), rm(`${socketTarget}.lock`, { force: true })]);
    await rm(dir, { recursive: true, force: true });
  };
  const kill = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<ExitStatus> => {
    child.kill(signal);
    // On SIGTERM the app-server drains running turns first; a turn held open by the mock would
    // keep it alive, so escalate after a grace period.
    const status = (await within(child.exited, 2000)) ?? (child.kill("SIGKILL"), await child.exited);
    await cleanUp();
    return status;
  };

  try {
    let url: string;
    if (options.transport === "unix") {
      await waitFor(() => isSocket(socketPath), child, () => stderr);
      socketTarget = await readlink(socketPath).catch(() => undefined);
      url = `unix://${socketPath}`;
    } else {
      let port = "";
      await waitFor(() => {
        port = /listening on: ws:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1] ?? "";
        return Promise.resolve(port !== "");
      }, child, () => stderr);
      url = `ws://127.0.0.1:${port}`;
    }
    return {
      url,
      pid: child.pid,
      exited: child.exited,
      stderr: () => stderr,
      kill,
      async [Symbol.asyncDispose]() {
        if (await within(child.exited, 0)) return void (await cleanUp());
        await kill("SIGTERM");
      },
    };
  } catch (error) {
    await kill("SIGKILL");
    throw error;
  }
}

async function drain(child: ChildProcess, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  // Read to the end, always: a full stderr pipe would block the server.
  for await (const chunk of child.stderr) onText(decoder.decode(chunk, { stream: true }));
}

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}

async function waitFor(ready: () => Promise<boolean>, child: ChildProcess, stderr: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (!(await ready())) {
    if (await within(child.exited, 0)) throw new Error(`codex app-server exited during start:\n${stderr()}`);
    if (Date.now() > until) throw new Error(`codex app-server not ready after ${READY_TIMEOUT_MS} ms:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
