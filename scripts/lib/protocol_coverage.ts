/**
 * The protocol coverage table (`docs/protocol-coverage.md`): every client request of the pinned
 * protocol, and the high-level API method that sends it, or "client only" (reachable through
 * `codex.client.request`). Written by `scripts/protocol_coverage.ts`; a test checks it is fresh,
 * so a runtime upgrade shows the methods it added as "client only".
 *
 * The API names are the table below; the methods the SDK sends are read from its sources
 * (`request("…")` calls under src/api and src/client), and each must agree with the other: a
 * method sent but not named here, or named here but never sent, is an error that says which.
 *
 * @module
 */

/** The API member that sends each wrapped method. */
export const API_METHODS: Readonly<Record<string, string>> = {
  "initialize": "`Codex.start()` / `Codex.connect()` / `Codex.fromConnection()` (the handshake)",
  "thread/start": "`codex.threadStart()`",
  "thread/resume": "`codex.threadResume()`",
  "thread/fork": "`codex.threadFork()`, `thread.review({ delivery: \"detached\" })`",
  "thread/list": "`codex.threadList()`, `codex.threads()`",
  "thread/read": "`thread.read()`",
  "thread/archive": "`codex.threadArchive()`",
  "thread/unarchive": "`codex.threadUnarchive()`",
  "thread/delete": "`codex.threadDelete()`",
  "thread/name/set": "`thread.setName()`",
  "thread/compact/start": "`thread.compact()`",
  "thread/goal/set": "`thread.goalSet()`",
  "thread/goal/get": "`thread.goalGet()`",
  "thread/goal/clear": "`thread.goalClear()`",
  "thread/turns/list": "`thread.turns()`",
  "thread/items/list": "`thread.items()`",
  "thread/unsubscribe": "`thread.unsubscribe()`",
  "thread/loaded/list": "`codex.loadedThreads()`",
  "turn/start": "`thread.turn()`, `thread.run()`",
  "turn/steer": "`turn.steer()`",
  "turn/interrupt": "`turn.interrupt()`, a turn's `signal`",
  "review/start": "`thread.review()`",
  "model/list": "`codex.models()`",
  "modelProvider/list": "`codex.modelProviders()`",
  "account/read": "`codex.account()`",
  "account/login/start": "`codex.loginApiKey()`, `codex.loginChatgpt()`, `codex.loginChatgptDeviceCode()`",
  "account/login/cancel": "`login.cancel()`",
  "account/logout": "`codex.logout()`",
  "account/rateLimits/read": "`codex.rateLimits()`",
  "account/usage/read": "`codex.usage()`",
  "skills/list": "`codex.skills()`",
  "config/read": "`codex.config.read()`",
  "config/value/write": "`codex.config.set()`",
  "config/batchWrite": "`codex.config.batch()`",
  "config/mcpServer/reload": "`codex.reloadMcpServers()`",
  "mcpServerStatus/list": "`codex.mcpServers()`, `thread.mcpServers()`",
  "mcpServer/tool/call": "`thread.callMcpTool()`",
  "mcpServer/resource/read": "`thread.readMcpResource()`",
  "mcpServer/oauth/login": "`codex.mcpLogin()`",
  "command/exec": "`codex.exec()`, `codex.spawn()`",
  "command/exec/write": "`process.write()`, `process.closeStdin()`",
  "command/exec/resize": "`process.resize()`",
  "command/exec/terminate": "`process.kill()`, a command's `timeoutMs` / `signal`",
  "fs/readFile": "`codex.fs.readFile()`, `codex.fs.readTextFile()`",
  "fs/writeFile": "`codex.fs.writeFile()`",
  "fs/readDirectory": "`codex.fs.readDir()`",
  "fs/getMetadata": "`codex.fs.stat()`, `codex.fs.exists()`",
  "fs/createDirectory": "`codex.fs.mkdir()`",
  "fs/remove": "`codex.fs.remove()`",
  "fs/copy": "`codex.fs.copy()`",
  "fs/watch": "`codex.fs.watch()`",
  "fs/unwatch": "`codex.fs.watch()` (when the loop ends)",
  "feedback/upload": "`codex.feedback()`",
  "feedback/save": "`codex.feedback({ savePath })`",
};

/** The methods a source text sends with `request("…")` / `requestExperimental("…")`. */
export function sentMethods(source: string): string[] {
  return [...source.matchAll(/\brequest(?:Experimental)?\(\s*"([^"]+)"/g)].map((m) => m[1]);
}

/** What is wrong between the table, the methods sent and the protocol's methods (empty when all agree). */
export function coverageProblems(methods: readonly string[], sent: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const known = new Set(methods);
  for (const method of sent) {
    if (known.has(method) && !Object.hasOwn(API_METHODS, method)) {
      problems.push(`${method} is sent by the SDK but has no API name in scripts/lib/protocol_coverage.ts`);
    }
  }
  for (const method of Object.keys(API_METHODS)) {
    if (!known.has(method)) problems.push(`${method} is in the table but not a client request of the pinned protocol`);
    else if (!sent.has(method)) problems.push(`${method} is in the table but no source under src/api or src/client sends it`);
  }
  return problems;
}

/** The text of docs/protocol-coverage.md. */
export function coverageMarkdown(version: string, methods: readonly string[]): string {
  const sorted = [...methods].sort();
  const wrapped = sorted.filter((m) => Object.hasOwn(API_METHODS, m)).length;
  const rows = sorted.map((m) => `| \`${m}\` | ${API_METHODS[m] ?? "client only"} |`);
  return [
    "# Protocol coverage",
    "",
    "<!-- Written by `deno run -A scripts/protocol_coverage.ts`; tests/protocol_coverage_test.ts checks it is fresh. -->",
    "",
    `Every client request of the stable protocol of codex ${version}, and the method of the high-level`,
    "API that sends it. \"client only\" methods are reachable, typed, through",
    "`codex.client.request(method, params)`; experimental methods (`experimentalApi: true`) are",
    "reached through `codex.client.requestExperimental` and are not listed.",
    "",
    `${wrapped} of ${sorted.length} methods have a high-level method.`,
    "",
    "| method | high-level API |",
    "|---|---|",
    ...rows,
    "",
  ].join("\n");
}
