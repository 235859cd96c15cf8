/**
 * The chat example's server: serves `index.html` and `POST /api/chat`, an AI SDK chat endpoint
 * (the body `useChat` sends: `{ id, messages }`) that answers with
 * `streamText(...).toUIMessageStreamResponse()` on a Codex model. Each chat id keeps its Codex
 * thread (`providerOptions.codex.threadId`), so a second message goes on in the same thread.
 *
 * node:http, so the same file serves on Deno, Bun and Node.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertToModelMessages, streamText, type UIMessage } from "ai";
import type { CodexProvider } from "../../ai.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

/** A running chat server. */
export interface ChatServer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Serves the chat page and its endpoint on 127.0.0.1 (`port` 0: any free port). */
export async function startChatServer(codex: CodexProvider, options: { port?: number; model?: string } = {}): Promise<ChatServer> {
  const threads = new Map<string, string>(); // chat id → Codex thread id
  // Beside this file; on Node the tests run it compiled into npm/examples/, the page stays here.
  const page = await readFile(join(HERE, "index.html")).catch(() => readFile(join(HERE, "..", "..", "..", "examples", "ai_chat", "index.html")));
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`error: ${error instanceof Error ? error.message : error}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === "GET" && (request.url === "/" || request.url === "/index.html")) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      return;
    }
    if (request.method !== "POST" || request.url !== "/api/chat") {
      response.writeHead(404).end();
      return;
    }
    const { id, messages } = JSON.parse(await body(request)) as { id: string; messages: UIMessage[] };
    const threadId = threads.get(id);
    const result = streamText({
      model: codex(options.model ?? "default"),
      system: "You are a helpful coding assistant.",
      messages: await convertToModelMessages(messages),
      ...(threadId ? { providerOptions: { codex: { threadId } } } : {}),
      onFinish: ({ providerMetadata }) => {
        const codexMetadata = providerMetadata?.codex as { threadId?: string } | undefined;
        if (codexMetadata?.threadId) threads.set(id, codexMetadata.threadId);
      },
    });
    await send(result.toUIMessageStreamResponse(), response);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${port}`, close, [Symbol.asyncDispose]: close };
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of request) chunks.push(chunk as Uint8Array);
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Writes a web `Response` (what `toUIMessageStreamResponse()` returns) to a node:http response. */
async function send(web: Response, response: ServerResponse): Promise<void> {
  response.writeHead(web.status, Object.fromEntries(web.headers));
  if (web.body) for await (const chunk of web.body) response.write(chunk);
  response.end();
}
