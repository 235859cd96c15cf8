/**
 * The model every example runs on: your Codex account when you are logged in, else a scripted
 * model ({@linkcode MockModel}) so that the example still runs, offline, on the real
 * `codex app-server` binary.
 *
 * "Logged in" means: `auth.json` in `CODEX_HOME` (default `~/.codex`), or `OPENAI_API_KEY` /
 * `CODEX_API_KEY` in the environment. Set `CODEX_EXAMPLE_MODEL=mock` to use the scripted model
 * anyway (the tests do), or `CODEX_EXAMPLE_MODEL=account` to skip the check (e.g. when your
 * credentials live in the OS keyring rather than in `auth.json`). The app-server does not read
 * an API key from its environment, so with only `OPENAI_API_KEY`/`CODEX_API_KEY` set the helper
 * logs in with it (`codex.loginApiKey`), which stores it in `CODEX_HOME/auth.json` the way
 * `codex login --with-api-key` does.
 *
 * @example
 * ```ts
 * import { startCodexForExample } from "./model.ts";
 *
 * await using example = await startCodexForExample((mock) => mock.queueText("Hi!"));
 * const thread = await example.codex.threadStart();
 * console.log((await thread.run("Say hi")).finalResponse);
 * ```
 * @module
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Codex, type CodexStartOptions } from "../../mod.ts";
import { MockModel, type MockModelOptions } from "../../testing.ts";

/** What {@linkcode startCodexForExample} hands back. */
export interface ExampleCodex<Scripted> extends AsyncDisposable {
  /** The running `Codex` (a new one after {@linkcode ExampleCodex.restart}). */
  readonly codex: Codex;
  /** True when the scripted model answers, false when your account does. */
  readonly usingMock: boolean;
  /** The scripted model, when it is used: read `mock.requests` to see what the agent sent. */
  readonly mock: MockModel | undefined;
  /** What the script function returned (e.g. held replies to wait on), when the mock is used. */
  readonly scripted: Scripted | undefined;
  /** The options `Codex.start` was given (the mock's `CODEX_HOME` in `env`), to start another. */
  readonly startOptions: CodexStartOptions;
  /** Closes the app-server and starts a new one on the same `CODEX_HOME` (a "restart"). */
  restart(): Promise<Codex>;
}

/** Options of {@linkcode startCodexForExample}. */
export interface ExampleOptions {
  /** Options for the scripted model (approval policy, sandbox, default reply, …). */
  mock?: MockModelOptions;
  /** Options for `Codex.start`, whichever model is used. */
  codex?: CodexStartOptions;
}

/**
 * Where a Codex login was found, or undefined when there is none (see the module doc).
 *
 * @example
 * ```ts
 * import { findCodexLogin } from "./model.ts";
 *
 * findCodexLogin({ OPENAI_API_KEY: "sk-…" }); // "OPENAI_API_KEY"
 * ```
 */
export function findCodexLogin(env: Record<string, string | undefined> = process.env): string | undefined {
  const home = env.CODEX_HOME || join(homedir(), ".codex");
  const authFile = join(home, "auth.json");
  if (existsSync(authFile)) return authFile;
  for (const name of ["OPENAI_API_KEY", "CODEX_API_KEY"]) if (env[name]) return name;
  return undefined;
}

/**
 * Starts Codex on your account when you are logged in, else on a scripted model. `script`
 * queues the scripted replies that make the example meaningful; it runs only when the
 * scripted model is used, and what it returns is `example.scripted`.
 */
export async function startCodexForExample<Scripted = void>(
  script?: (mock: MockModel) => Scripted,
  options: ExampleOptions = {},
): Promise<ExampleCodex<Scripted>> {
  const choice = process.env.CODEX_EXAMPLE_MODEL ?? "auto";
  if (!["auto", "mock", "account"].includes(choice)) {
    throw new Error(`CODEX_EXAMPLE_MODEL must be "mock", "account" or unset, not ${JSON.stringify(choice)}`);
  }
  const login = choice === "mock" ? undefined : choice === "account" ? "CODEX_EXAMPLE_MODEL=account" : findCodexLogin();

  if (login !== undefined) {
    console.log(`model: your Codex account (login: ${login})`);
    const startOptions = { ...options.codex, env: { ...options.codex?.env } };
    let codex = await Codex.start(startOptions);
    // The app-server does not read these variables itself (account/read stays empty): log in
    // with the key, as `codex login --with-api-key` would. Only when there is no auth.json.
    const envKey = login === "OPENAI_API_KEY" || login === "CODEX_API_KEY" ? process.env[login] : undefined;
    if (envKey) await codex.loginApiKey(envKey).catch(async (error) => {
      await codex.close();
      throw error;
    });
    return {
      get codex() {
        return codex;
      },
      usingMock: false,
      mock: undefined,
      scripted: undefined,
      startOptions,
      async restart() {
        await codex.close();
        codex = await Codex.start(startOptions);
        return codex;
      },
      [Symbol.asyncDispose]: () => codex.close(),
    };
  }

  const why = choice === "mock" ? "CODEX_EXAMPLE_MODEL=mock" : "no Codex login found";
  console.log(`model: scripted MockModel on the real codex binary (${why}; offline)`);
  const mock = await MockModel.start(options.mock);
  const scripted = script?.(mock);
  const startOptions = { ...options.codex, env: { ...mock.env, ...options.codex?.env } };
  let codex: Codex;
  try {
    codex = await Codex.start(startOptions);
  } catch (error) {
    await mock.close();
    throw error;
  }
  return {
    get codex() {
      return codex;
    },
    usingMock: true,
    mock,
    scripted,
    startOptions,
    async restart() {
      await codex.close();
      codex = await Codex.start(startOptions);
      return codex;
    },
    // The app-server goes first: closing the mock first would make codex report a lost model.
    async [Symbol.asyncDispose]() {
      await codex.close();
      await mock.close();
    },
  };
}

/**
 * Waits `ms` milliseconds (the account-mode stand-in for "the scripted model is ready").
 *
 * @example
 * ```ts
 * import { sleep } from "./model.ts";
 *
 * await sleep(10);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
