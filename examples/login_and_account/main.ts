/**
 * Accounts: read who is signed in (`codex.account()`), log in with an API key
 * (`codex.loginApiKey`), log out; and the ChatGPT login flows (browser, device code), which
 * start only when asked for:
 *
 *   deno run -A examples/login_and_account/main.ts [--chatgpt | --device-code]
 *   bun examples/login_and_account/main.ts [--chatgpt | --device-code]
 *   node npm/examples/login_and_account/main.js [--chatgpt | --device-code]
 *
 * The API-key demo uses a fake key in a throwaway CODEX_HOME, never your own login. What the
 * pinned binary does with it, observed: it stores the key in `CODEX_HOME/auth.json` without
 * checking it (no network), reports `account/login/completed` and `account/updated`, and
 * `account/read` then answers `{ type: "apiKey" }` — when the model provider uses OpenAI
 * auth. With the scripted model's provider (`requiresOpenaiAuth: false`) the key is stored
 * but `account` stays null.
 *
 * @module
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Codex } from "../../mod.ts";
import { startCodexForExample } from "../_shared/model.ts";

const FAKE_KEY = "sk-example-not-a-real-key-0000";

await using example = await startCodexForExample();
const { codex } = example;

// 1. Who is signed in here.
const account = await codex.account();
console.log(`account: ${JSON.stringify(account.account)}, requiresOpenaiAuth: ${account.requiresOpenaiAuth}`);

// 2. A fake key against the scripted model's app-server (its CODEX_HOME is temporary).
if (example.mock) {
  const seen = watchAccount(codex);
  await codex.loginApiKey(FAKE_KEY);
  const stored = JSON.parse(await readFile(join(example.mock.codexHome, "auth.json"), "utf8"));
  console.log(`mock provider: loginApiKey stored auth_mode ${stored.auth_mode} in CODEX_HOME/auth.json`);
  console.log(`  notifications: ${(await seen).join(", ")}`);
  console.log(`  account now: ${JSON.stringify((await codex.account()).account)} (this provider needs no OpenAI auth)`);
}

// 3. The built-in OpenAI provider, in a throwaway CODEX_HOME: the account follows the login.
const home = await mkdtemp(join(tmpdir(), "codex-login-example-"));
try {
  await using scratch = await Codex.start({
    env: { CODEX_HOME: home, CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1", RUST_LOG: "warn" },
  });
  const show = async (when: string) => {
    const { account, requiresOpenaiAuth } = await scratch.account();
    console.log(`openai provider, ${when}: account ${JSON.stringify(account)}, requiresOpenaiAuth ${requiresOpenaiAuth}`);
  };
  await show("before login");
  await scratch.loginApiKey(FAKE_KEY);
  await show("after loginApiKey");
  await scratch.logout();
  await show("after logout");
} finally {
  await rm(home, { recursive: true, force: true });
}

// 4. ChatGPT logins: only when asked, since they wait for a person (and need the network).
const flag = process.argv[2];
if (flag === "--chatgpt" || flag === "--device-code") {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort(new Error("cancelled with Ctrl-C")));
  const login = flag === "--chatgpt" ? await codex.loginChatgpt() : await codex.loginChatgptDeviceCode();
  if ("authUrl" in login) console.log(`Open this URL to log in: ${login.authUrl}`);
  else console.log(`Open ${login.verificationUrl} and enter the code ${login.userCode}`);
  try {
    const outcome = await login.wait({ signal: AbortSignal.any([stop.signal, AbortSignal.timeout(10 * 60_000)]) });
    console.log(outcome.success ? "logged in" : `login failed: ${outcome.error}`);
    console.log(`account: ${JSON.stringify((await codex.account()).account)}`);
  } catch (error) {
    const status = await login.cancel().catch((e: Error) => `cancel failed: ${e.message.split("\n")[0]}`);
    console.log(`login cancelled (${(error as Error).message}): ${status}`);
  }
} else {
  console.log("(run with --chatgpt or --device-code to start a ChatGPT login)");
}

/** Collects the account notifications until `account/updated` arrives. */
async function watchAccount(codex: Codex): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of codex.notifications()) {
    if (event.method === "account/login/completed") seen.push(`${event.method} success=${event.params.success}`);
    if (event.method === "account/updated") {
      seen.push(`${event.method} authMode=${event.params.authMode}`);
      break;
    }
  }
  return seen;
}
