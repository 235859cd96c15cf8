/**
 * The mock's HTTP server: a tiny layer over `node:http` that reads whole request bodies and
 * answers with JSON or a server-sent-event stream.
 *
 * Why `node:http` and not per-runtime adapters (`Deno.serve`, `Bun.serve`): it is one code
 * path, and on Deno 2.9 and Bun 1.4 (as on Node) it flushes each `write` of an SSE stream
 * at once and `closeAllConnections()` cuts held streams and keep-alive sockets, so `close()`
 * returns promptly and leaves nothing open (checked on all three, see
 * `tests/mock_model_test.ts`). Adapters would add two more code paths for no gain here.
 *
 * @example
 * ```ts
 * import { startHttpServer } from "./http_server.ts";
 * const server = await startHttpServer((request, respond) => {
 *   respond.json(200, { path: request.path });
 * });
 * const response = await fetch(`http://127.0.0.1:${server.port}/hello`);
 * await response.json(); // { path: "/hello" }
 * await server.close();
 * ```
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { ReadonlyJsonValue } from "./requests.ts";

/** A request with its whole body read as text. */
export interface HttpRequest {
  /** `"GET"`, `"POST"`, … */
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** The body, decoded as UTF-8 (`""` when there is none). */
  readonly body: string;
}

/** An open `text/event-stream` response. */
export interface EventStream {
  /** Writes and flushes one chunk; false (and nothing written) once the stream is closed. */
  write(chunk: string): boolean;
  /** Ends the response normally. */
  end(): void;
  /** Cuts the connection without ending the response (the client sees a broken stream). */
  destroy(): void;
  /** True once ended, destroyed, or closed by the client. */
  readonly closed: boolean;
  /** Resolves when the stream is closed by either side. */
  readonly whenClosed: Promise<void>;
}

/** How a handler answers: exactly one call per request. */
export interface HttpResponder {
  /** A complete JSON response. */
  json(status: number, body: ReadonlyJsonValue): void;
  /** Starts a 200 `text/event-stream` response. */
  eventStream(): EventStream;
}

/** Handles one request; an exception becomes a 500 with the message in a JSON body. */
export type HttpHandler = (request: HttpRequest, respond: HttpResponder) => void;

/** A listening server. */
export interface HttpServer {
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and cuts every connection, held streams included. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a server on `hostname` and an ephemeral port.
 *
 * @example
 * ```ts
 * const server = await startHttpServer((_request, respond) => respond.json(404, null));
 * server.port > 0; // true
 * await server.close();
 * ```
 */
export function startHttpServer(
  handler: HttpHandler,
  hostname: string = "127.0.0.1",
): Promise<HttpServer> {
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => dispatch(handler, { method: req.method ?? "GET", path: pathOf(req), body }, res),
      () => res.destroy(),
    );
  });
  // A malformed request must not take the server down.
  server.on("clientError", (_error, socket) => socket.destroy());

  function dispatch(h: HttpHandler, request: HttpRequest, res: ServerResponse): void {
    const respond: HttpResponder = {
      json(status, body) {
        const text = JSON.stringify(body);
        res.writeHead(status, { "content-type": "application/json" }).end(text);
      },
      eventStream() {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.flushHeaders();
        streams.add(res);
        return eventStream(res, () => streams.delete(res));
      },
    };
    try {
      h(request, respond);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else {
        respond.json(500, { error: { message: String(error), type: "mock_server_error" } });
      }
    }
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, hostname, () => {
      server.off("error", reject);
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const res of streams) res.destroy();
            // Idle keep-alive sockets of the codex binary would otherwise keep close() waiting.
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

function eventStream(res: ServerResponse, onClosed: () => void): EventStream {
  let closed = false;
  let markClosed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (markClosed = resolve));
  const finish = (): void => {
    if (closed) return;
    closed = true;
    onClosed();
    markClosed();
  };
  res.on("close", finish);
  return {
    write(chunk) {
      if (closed || res.destroyed) return false;
      res.write(chunk);
      return true;
    },
    end() {
      if (!closed) res.end();
      finish();
    },
    destroy() {
      if (!closed) res.destroy();
      finish();
    },
    get closed() {
      return closed;
    },
    whenClosed,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
