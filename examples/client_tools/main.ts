/**
 * Client-side tools: give the agent functions of yours (a typed weather lookup, a ticket
 * tracker in a namespace, a tool that fails) without writing an MCP server. The SDK checks each
 * call's arguments against the tool's schema, runs it here and sends the result to the model;
 * a tool that throws or gets bad arguments becomes a failed call the model can react to.
 *
 *   deno run -A examples/client_tools/main.ts
 *   bun examples/client_tools/main.ts
 *   node npm/examples/client_tools/main.js
 *
 * @module
 */
import process from "node:process";
import { z } from "zod";
import { functionCallItem } from "../../testing.ts";
import { namespace, tool, toolOutput, type TurnEvent } from "../../mod.ts";
import { startCodexForExample } from "../_shared/model.ts";

// A typed tool: `city` is a string here, checked before run is called.
const weather = tool({
  name: "lookup_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: city === "Paris" ? "sunny" : "cloudy", celsius: 21 }),
});

// Tools grouped under a namespace: the model calls tickets.find / tickets.close.
const TICKETS: Record<string, { title: string; state: string }> = { "T-1": { title: "Login page is slow", state: "open" } };
const tickets = namespace({
  name: "tickets",
  description: "The team's issue tracker",
  tools: [
    tool({
      name: "find",
      description: "Finds a ticket by id, like T-1",
      input: z.object({ id: z.string().regex(/^T-\d+$/) }),
      run: ({ id }) => TICKETS[id] ?? toolOutput(`no ticket ${id}`, { success: false }),
    }),
    // A failing tool: whatever it throws reaches the model as a failed call; the turn goes on.
    tool({
      name: "close",
      description: "Closes a ticket",
      input: z.object({ id: z.string() }),
      run: () => {
        throw new Error("the tracker is read-only today");
      },
    }),
  ],
});

await using example = await startCodexForExample((mock) => {
  // One model reply calling two tools at once (they run concurrently), then the answer.
  mock.queueItems([
    functionCallItem("lookup_weather", { city: "Paris" }),
    functionCallItem("find", { id: "T-1" }, { namespace: "tickets" }),
  ]);
  mock.queueText("It is sunny in Paris, and T-1 (Login page is slow) is still open.");
  // Bad arguments (the id does not match the schema), then a tool that throws.
  mock.queueToolCall({ name: "find", namespace: "tickets" }, { id: "one" });
  mock.queueToolCall({ name: "close", namespace: "tickets" }, { id: "T-1" });
  mock.queueText("I could not close T-1: the tracker is read-only today.");
}, { codex: { experimentalApi: true } }); // client-side tools are an experimental protocol field

const thread = await example.codex.threadStart({ cwd: process.cwd(), sandbox: "read-only", tools: [weather, tickets] });

function show(event: TurnEvent): void {
  if (event.method === "item/completed" && event.params.item.type === "dynamicToolCall") {
    const { namespace: ns, tool: name, arguments: args, success, contentItems } = event.params.item;
    const text = contentItems?.map((item) => (item.type === "inputText" ? item.text : `[${item.type}]`)).join(" ");
    console.log(`  ${ns ? `${ns}.` : ""}${name}(${JSON.stringify(args)}) → ${success ? "ok" : "FAILED"}: ${text}`);
  }
}

for (const prompt of ["What's the weather in Paris, and is T-1 still open?", "Close ticket T-1."]) {
  console.log(`> ${prompt}`);
  const turn = await thread.turn(prompt);
  for await (const event of turn.stream()) show(event);
  console.log(`answer: ${(await turn.run()).finalResponse}`);
}
