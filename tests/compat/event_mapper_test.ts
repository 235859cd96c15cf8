// The exec event mapping for what the scripted model cannot make the pinned binary produce:
// the binary does not offer the model `update_plan` (so no `turn/plan/updated`), and an approval
// decline never happens under exec's approval policy `never`. These notifications are written
// by hand, in the shapes of the generated protocol types; everything else is covered against
// the real binary and the official SDK in differential_test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ExecEventMapper } from "../../src/compat/event_mapper.ts";
import type { TurnEvent } from "../../mod.ts";

const ids = { threadId: "t", turnId: "u" };
const plan = (statuses: ("pending" | "inProgress" | "completed")[]): TurnEvent =>
  ({
    method: "turn/plan/updated",
    params: { ...ids, explanation: null, plan: statuses.map((status, i) => ({ step: `step ${i}`, status })) },
  }) as TurnEvent;
const completed = (status: "completed" | "failed" | "interrupted"): TurnEvent =>
  ({
    method: "turn/completed",
    params: {
      threadId: "t",
      turn: { id: "u", items: [], status, error: status === "failed" ? { message: "no", codexErrorInfo: null, additionalDetails: "why" } : null },
    },
  }) as unknown as TurnEvent;

test("plan updates become one todo_list item: started, updated, completed when the turn ends", () => {
  const mapper = new ExecEventMapper();
  const events = [plan(["inProgress", "pending"]), plan(["completed", "inProgress"]), completed("completed")]
    .flatMap((event) => mapper.map(event));
  assert.deepEqual(events.map((e) => e.type), ["item.started", "item.updated", "item.completed", "turn.completed"]);
  assert.deepEqual(events[2], {
    type: "item.completed",
    item: { id: "item_0", type: "todo_list", items: [{ text: "step 0", completed: true }, { text: "step 1", completed: false }] },
  });
});

test("a declined command is a failed command_execution (the official type has no declined status)", () => {
  const mapper = new ExecEventMapper();
  const item = { type: "commandExecution", id: "c", command: "rm -rf /", aggregatedOutput: null, exitCode: null, status: "declined" };
  const [event] = mapper.map({ method: "item/completed", params: { ...ids, item } } as unknown as TurnEvent);
  assert.deepEqual(event, {
    type: "item.completed",
    item: { id: "item_0", type: "command_execution", command: "rm -rf /", aggregated_output: "", exit_code: null, status: "failed" },
  });
});

test("a failed turn's message carries its additional details; an interrupted turn yields no end event", () => {
  assert.deepEqual(new ExecEventMapper().map(completed("failed")), [{ type: "turn.failed", error: { message: "no (why)" } }]);
  assert.deepEqual(new ExecEventMapper().map(completed("interrupted")), []);
});
