/**
 * The browser example, ready to open: bundles `app.ts` for the browser, serves the page on
 * 127.0.0.1, starts the relay (`@codex/sdk/relay`) and prints the page's URL.
 *
 *   deno run -A examples/browser/main.ts                      # offline: a scripted model answers
 *   deno run -A examples/browser/main.ts ws://127.0.0.1:4500 TOKEN_FILE   # your own app-server
 *   bun examples/browser/main.ts …                            # the same on Bun
 *
 * With no arguments it starts `codex app-server --listen ws://127.0.0.1:0 --ws-auth
 * capability-token` itself, on a scripted model (MockModel). With a URL (and the server's
 * `--ws-token-file`, if it has one) it relays to that server instead. Ctrl-C stops everything.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "../../src/runtime/types.ts";
import { loadRuntime } from "../../src/runtime/detect.ts";
import { resolveCodexBinary } from "../../client.ts";
import { startRelay } from "../../relay.ts";
import { MockModel } from "../../testing.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const work = await mkdtemp(join(tmpdir(), "codex-browser-example-"));
const siteDir = join(work, "site"); // what is served; the token file stays outside it
const cleanups: (() => Promise<unknown>)[] = [() => rm(work, { recursive: true, force: true })];

try {
  // 1. The page: app.ts bundled for the browser. The SDK's runtime adapters reach node:* only
  //    through dynamic imports a browser never runs, so those stay external.
  await run(join(ROOT, "node_modules", ".bin", "bun"), [
    "build",
    join(HERE, "app.ts"),
    "--target",
    "browser",
    "--external",
    "node:*",
    "--outdir",
    siteDir,
  ]);
  await copyFile(join(HERE, "index.html"), join(siteDir, "index.html"));
  const site = await serveDirectory(siteDir);
  cleanups.unshift(site.close);

  // 2. The app-server: yours, or one started here on a scripted model.
  const [givenUrl, tokenFile] = process.argv.slice(2);
  const appServer = givenUrl
    ? { url: givenUrl, token: tokenFile ? (await readFile(tokenFile, "utf8")).trim() : undefined }
    : await startScriptedAppServer();

  // 3. The relay: the page's origin may connect; the app-server's token stays here.
  const relay = await startRelay({
    appServerUrl: appServer.url,
    appServerToken: appServer.token,
    allowedOrigins: [site.origin],
  });
  cleanups.unshift(() => relay.close());

  const page = `${site.origin}/index.html?${new URLSearchParams({ relay: relay.url })}`;
  console.log(
    `app-server: ${appServer.url}\nrelay:      ${relay.url}\n\nopen ${page}\n\nCtrl-C to stop`,
  );
  await new Promise((resolve) => process.once("SIGINT", resolve));
} finally {
  for (const cleanup of cleanups) await cleanup();
}

async function startScriptedAppServer(): Promise<{ url: string; token: string }> {
  const mock = await MockModel.start();
  cleanups.unshift(() => mock.close());
  mock.queueText("Hello from the app-server! This reply reached your browser through the relay.", {
    deltas: 12,
  });
  const token = crypto.randomUUID();
  const tokenFile = join(work, "token");
  await writeFile(tokenFile, token, { mode: 0o600 });
  const runtime = await loadRuntime();
  const env = { ...runtime.environment(), ...mock.env };
  const child = await runtime.spawn(await resolveCodexBinary({ env }), {
    args: [
      "app-server",
      "--listen",
      "ws://127.0.0.1:0",
      "--ws-auth",
      "capability-token",
      "--ws-token-file",
      tokenFile,
    ],
    env,
  });
  cleanups.unshift(async () => (child.kill("SIGTERM"), await child.exited));
  return { url: await listeningAddress(child), token };
}

// The app-server names its port on stderr: "listening on: ws://127.0.0.1:PORT".
async function listeningAddress(child: ChildProcess): Promise<string> {
  const decoder = new TextDecoder();
  const reader = child.stderr.getReader();
  let text = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`codex app-server exited during start:\n${text}`);
    text += decoder.decode(value, { stream: true });
    const url = /listening on: (ws:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    if (url) {
      void (async () => {
        while (!(await reader.read()).done);
      })(); // keep its stderr flowing
      return url;
    }
  }
}

async function serveDirectory(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const types: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
  };
  const server = createServer(async (request, response) => {
    const name = new URL(request.url ?? "/", "http://x").pathname.slice(1) || "index.html";
    if (!/^[\w.-]+$/.test(name)) return void response.writeHead(404).end();
    try {
      const body = await readFile(join(dir, name));
      response.writeHead(200, {
        "Content-Type": types[extname(name)] ?? "application/octet-stream",
      }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      (
        error,
        _stdout,
        stderr,
      ) => (error ? reject(new Error(`${command} failed: ${stderr}`)) : resolve()),
    );
  });
}
