/**
 * Shared by tests/tools_test.ts and tests/tools_lifecycle_test.ts: a sample tool and readers of
 * what the model got and what a turn streamed.
 * @module
 */
import { z } from "zod";
import { type ThreadItem, tool, type ToolCallContext, type TurnEvent } from "../../mod.ts";
import { functionCallOutputs, type MockRequest } from "../../testing.ts";

/** A 1x1 PNG as a data URL. */
export const PNG: string = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** A zod-typed tool that records each call's city and context in `seen`. */
export function weatherTool(seen: { city: string; context: ToolCallContext }[] = []) {
  return tool({
    name: "lookup_weather",
    description: "Current weather for a city",
    input: z.object({ city: z.string() }),
    run: ({ city }, context) => {
      seen.push({ city, context });
      return `sunny in ${city}`;
    },
  });
}

/** The output the model got for its tool call (in the request that followed it). */
export function outputOf(requests: readonly MockRequest[], callId: string): string | undefined {
  for (const request of requests) {
    const found = functionCallOutputs(request).find((o) => o.callId === callId);
    if (found) return found.output;
  }
  return undefined;
}

/** The dynamic tool call items among `items`. */
export function toolItems(items: readonly ThreadItem[]) {
  return items.filter((item): item is Extract<ThreadItem, { type: "dynamicToolCall" }> => item.type === "dynamicToolCall");
}

/** Every event of a turn's stream. */
export async function collect(turn: { stream(): AsyncIterable<TurnEvent> }): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for await (const event of turn.stream()) events.push(event);
  return events;
}
