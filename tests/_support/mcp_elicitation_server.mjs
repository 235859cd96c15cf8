// A minimal MCP server (stdio, newline-delimited JSON-RPC) for tests: its tools ask the client
// for input with `elicitation/create` and return the answer as their result, so the codex
// binary sends `mcpServer/elicitation/request` to the app. Plain JavaScript with no imports
// beyond node:process, so Node, Deno and Bun can all run it.
import process from "node:process";

const FORM = {
  message: "Sign up for the newsletter",
  requestedSchema: {
    type: "object",
    properties: {
      email: { type: "string", format: "email", title: "Email" },
      frequency: { type: "string", enum: ["daily", "weekly"] },
      age: { type: "integer", minimum: 13 },
    },
    required: ["email", "frequency"],
  },
};
const URL_ELICITATION = {
  mode: "url",
  message: "Authorize access to the calendar",
  url: "https://example.com/authorize?state=abc",
  elicitationId: "elicit-1",
};

let buffer = "";
let nextId = 1;
const waiting = new Map();

function send(message) {
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
}

function ask(params) {
  const id = `ask-${nextId++}`;
  send({ id, method: "elicitation/create", params });
  return new Promise((resolve) => waiting.set(id, resolve));
}

async function handle(message) {
  if (message.id !== undefined && message.method === undefined) {
    waiting.get(message.id)?.(message.result ?? { error: message.error });
    waiting.delete(message.id);
    return;
  }
  switch (message.method) {
    case "initialize":
      send({
        id: message.id,
        result: {
          protocolVersion: message.params?.protocolVersion ?? "2025-06-18",
          capabilities: { tools: {} },
          serverInfo: { name: "forms", version: "1.0.0" },
        },
      });
      return;
    case "tools/list":
      send({
        id: message.id,
        result: {
          tools: [
            { name: "signup", description: "Signs the user up (asks for details)", inputSchema: { type: "object", properties: {} } },
            { name: "authorize", description: "Authorizes the calendar (asks to open a URL)", inputSchema: { type: "object", properties: {} } },
          ],
        },
      });
      return;
    case "tools/call": {
      const answer = await ask(message.params?.name === "authorize" ? URL_ELICITATION : FORM);
      send({ id: message.id, result: { content: [{ type: "text", text: JSON.stringify(answer) }] } });
      return;
    }
    default:
      if (message.id !== undefined) send({ id: message.id, error: { code: -32601, message: `no method ${message.method}` } });
  }
}

process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf("\n")) >= 0) {
    const line = buffer.slice(0, newline).trim();
    buffer = buffer.slice(newline + 1);
    if (line) handle(JSON.parse(line));
  }
});
process.stdin.on("end", () => process.exit(0));
