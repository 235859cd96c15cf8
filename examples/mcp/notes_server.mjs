// The MCP server of examples/mcp: a minimal stdio MCP server (newline-delimited JSON-RPC) with
// two tools (`echo` returns its `text`, `add` returns `a + b` as text and structured content) and
// one resource (`note://greeting`). Plain JavaScript, no imports beyond node:process, so Node,
// Deno and Bun can all run it; tests/mcp_test.ts uses it too. A real one would use
// @modelcontextprotocol/sdk; this one shows the wire.
import process from "node:process";

const TOOLS = [
  {
    name: "echo",
    description: "Returns the text it is given",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  },
  {
    name: "add",
    description: "Adds two numbers",
    annotations: { readOnlyHint: true },
    inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
  },
];
const RESOURCES = [{ uri: "note://greeting", name: "greeting", mimeType: "text/plain" }];

function send(message) {
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
}

function call(name, args) {
  if (name === "echo") return { content: [{ type: "text", text: String(args?.text ?? "") }] };
  if (name === "add") {
    const sum = Number(args?.a) + Number(args?.b);
    return { content: [{ type: "text", text: String(sum) }], structuredContent: { sum } };
  }
  return { content: [{ type: "text", text: `no tool ${name}` }], isError: true };
}

function handle(message) {
  if (message.id === undefined) return; // notifications (initialized, cancelled)
  switch (message.method) {
    case "initialize":
      return send({
        id: message.id,
        result: {
          protocolVersion: message.params?.protocolVersion ?? "2025-06-18",
          capabilities: { tools: {}, resources: {} },
          serverInfo: { name: "notes", version: "1.0.0" },
        },
      });
    case "tools/list":
      return send({ id: message.id, result: { tools: TOOLS } });
    case "tools/call":
      return send({ id: message.id, result: call(message.params?.name, message.params?.arguments) });
    case "resources/list":
      return send({ id: message.id, result: { resources: RESOURCES } });
    case "resources/templates/list":
      return send({ id: message.id, result: { resourceTemplates: [] } });
    case "resources/read": {
      const uri = message.params?.uri;
      if (uri !== "note://greeting") return send({ id: message.id, error: { code: -32002, message: `no resource ${uri}` } });
      return send({ id: message.id, result: { contents: [{ uri, mimeType: "text/plain", text: "hello from notes" }] } });
    }
    case "ping":
      return send({ id: message.id, result: {} });
    default:
      return send({ id: message.id, error: { code: -32601, message: `no method ${message.method}` } });
  }
}

let buffer = "";
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
