/**
 * ChatGPT login flows: start one, show the user where to go, `wait()` for the server's
 * `account/login/completed` for this login id, or `cancel()` it.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const login = await codex.loginChatgptDeviceCode();
 * console.log(`Open ${login.verificationUrl} and enter ${login.userCode}`);
 * const outcome = await login.wait();
 * console.log(outcome.success ? "logged in" : outcome.error);
 * ```
 * @module
 */

import { abortable } from "../util/abortable.ts";
import type { CodexClient } from "../client/client.ts";
import { CodexError } from "../util/errors.ts";
import { ProtocolError } from "../rpc/errors.ts";
import type {
  AccountLoginCompletedNotification,
  CancelLoginAccountStatus,
  LoginAccountParams,
  LoginAccountResponse,
} from "../protocol/generated/types.ts";

/** How a login ended. */
export interface LoginOutcome {
  /** Whether the user is now logged in. */
  success: boolean;
  /** Why not, when it failed. */
  error: string | null;
}

/**
 * The connection closed while a login was waiting for its completion (`code`
 * `"login_interrupted"`; `cause` is the `TransportClosedError`). Start the login again on a new
 * `Codex`.
 */
export class LoginInterruptedError extends CodexError {
  /** The interrupted login. */
  readonly loginId: string;

  /** Creates the error for `loginId` around the connection's error. */
  constructor(loginId: string, cause: Error) {
    super("login_interrupted", `login ${loginId}: ${cause.message}`, { cause });
    this.loginId = loginId;
  }
}

/** A login in progress. */
export class LoginHandle {
  /** The server's id for this login. */
  readonly loginId: string;
  readonly #client: CodexClient;
  readonly #completed: Promise<LoginOutcome>;

  /**
   * Wraps a login started with `account/login/start` on `client`; `completed` settles with its
   * `account/login/completed` (listen before starting: it can come fast). `codex.loginChatgpt*`
   * make these for you.
   */
  constructor(client: CodexClient, loginId: string, completed: Promise<AccountLoginCompletedNotification>) {
    this.loginId = loginId;
    this.#client = client;
    this.#completed = completed.then(({ success, error }) => ({ success, error }));
    this.#completed.catch(() => {});
  }

  /** Resolves when the server reports this login completed (successfully or not). */
  wait(options: { signal?: AbortSignal } = {}): Promise<LoginOutcome> {
    return abortable(this.#completed, options.signal);
  }

  /** Cancels the login; `wait()` then resolves unsuccessfully (as the server reports). */
  async cancel(): Promise<CancelLoginAccountStatus> {
    const { status } = await this.#client.request("account/login/cancel", { loginId: this.loginId });
    return status;
  }
}

/** A browser login: send the user to `authUrl`. */
export class ChatgptLogin extends LoginHandle {
  /** Where the user logs in. */
  readonly authUrl: string;

  /** Wraps a started browser login (see {@link LoginHandle}'s constructor). */
  constructor(client: CodexClient, loginId: string, authUrl: string, completed: Promise<AccountLoginCompletedNotification>) {
    super(client, loginId, completed);
    this.authUrl = authUrl;
  }
}

/** A device-code login: the user opens `verificationUrl` and enters `userCode`. */
export class DeviceCodeLogin extends LoginHandle {
  /** Where the user goes. */
  readonly verificationUrl: string;
  /** The code the user enters there. */
  readonly userCode: string;

  /** Wraps a started device-code login (see {@link LoginHandle}'s constructor). */
  constructor(
    client: CodexClient,
    loginId: string,
    verificationUrl: string,
    userCode: string,
    completed: Promise<AccountLoginCompletedNotification>,
  ) {
    super(client, loginId, completed);
    this.verificationUrl = verificationUrl;
    this.userCode = userCode;
  }
}

/**
 * Listens for `account/login/completed` before the login starts (it can arrive fast), and
 * resolves with the one whose `loginId` matches the id the start request returns.
 */
function awaitLoginCompletion(client: CodexClient): {
  completed: (loginId: string) => Promise<AccountLoginCompletedNotification>;
  dispose: () => void;
} {
  const seen = new Map<string, AccountLoginCompletedNotification>();
  const waiters = new Map<string, (n: AccountLoginCompletedNotification) => void>();
  const remove = client.onNotification((n) => {
    if (n.method !== "account/login/completed" || n.params.loginId === null) return;
    const waiter = waiters.get(n.params.loginId);
    if (waiter) {
      waiters.delete(n.params.loginId);
      waiter(n.params);
      if (waiters.size === 0) remove();
    } else {
      seen.set(n.params.loginId, n.params);
    }
  });
  return {
    completed(loginId) {
      const early = seen.get(loginId);
      if (early) {
        remove();
        return Promise.resolve(early);
      }
      return new Promise((resolve, reject) => {
        waiters.set(loginId, resolve);
        client.closed.then((error) => {
          if (waiters.delete(loginId)) reject(new LoginInterruptedError(loginId, error));
        });
      });
    },
    dispose: remove,
  };
}

type FlowType = "chatgpt" | "chatgptDeviceCode";
type FlowResponse<T extends FlowType> = Extract<LoginAccountResponse, { type: T }>;

/**
 * Starts a login of `type` (the completion listener first: the answer can come fast) and wraps
 * the server's answer with `wrap`. The one flow behind `loginChatgpt` and `loginChatgptDeviceCode`.
 */
async function startLogin<T extends FlowType, H>(
  client: CodexClient,
  type: T,
  wrap: (response: FlowResponse<T>, completed: Promise<AccountLoginCompletedNotification>) => H,
): Promise<H> {
  const listener = awaitLoginCompletion(client);
  try {
    const response = await client.request("account/login/start", { type } as LoginAccountParams);
    if (response.type !== type) {
      throw new ProtocolError(
        "unexpected_login_response",
        `asked for a ${type} login, the server answered ${response.type}`,
        JSON.stringify(response),
      );
    }
    const { loginId } = response as { loginId: string };
    return wrap(response as FlowResponse<T>, listener.completed(loginId));
  } catch (error) {
    listener.dispose();
    throw error;
  }
}

/** Starts a browser login with ChatGPT (`codex.loginChatgpt`). */
export function startChatgptLogin(client: CodexClient): Promise<ChatgptLogin> {
  return startLogin(client, "chatgpt", (r, completed) => new ChatgptLogin(client, r.loginId, r.authUrl, completed));
}

/** Starts a device-code login (`codex.loginChatgptDeviceCode`). */
export function startDeviceCodeLogin(client: CodexClient): Promise<DeviceCodeLogin> {
  return startLogin(
    client,
    "chatgptDeviceCode",
    (r, completed) => new DeviceCodeLogin(client, r.loginId, r.verificationUrl, r.userCode, completed),
  );
}
