/**
 * Type-level tests of the generated protocol tables: this file must type-check
 * (`deno check tests/types/`), and every `@ts-expect-error` line must be an error.
 * Nothing here runs.
 */

import type {
  ClientRequestMap,
  ServerNotification,
  ServerNotificationMap,
  ServerRequest,
  ServerRequestMap,
} from "../../src/protocol/generated/methods.ts";
import type {
  ClientRequestMapWithExperimental,
  ExperimentalClientRequestMap,
  ExperimentalFieldsClientRequestMap,
} from "../../src/protocol/generated/experimental/methods.ts";
import type * as Experimental from "../../src/protocol/generated/experimental/types.ts";
import type {
  ResponsesApiWebSearchAction,
  ThreadStartParams,
  ThreadTokenUsage,
  ThreadUsage,
  WebSearchAction,
} from "../../src/protocol/generated/types.ts";

/** The shape a typed `request()` takes: params optional exactly when the schema allows. */
type Args<Map, M extends keyof Map> = Map[M] extends { params: infer P } ? [params: P]
  : Map[M] extends { params?: infer P } ? [params?: P]
  : never;
type Request<Map extends { [K in keyof Map]: { response: unknown } }> = <
  M extends keyof Map & string,
>(
  method: M,
  ...params: Args<Map, M>
) => Promise<Map[M]["response"]>;

declare const request: Request<ClientRequestMap>;
declare const requestExperimental: Request<ClientRequestMapWithExperimental>;

export async function clientRequests(): Promise<void> {
  await request("thread/start", { model: "gpt-5.1-codex", cwd: "." });
  await request("thread/start", {});
  // @ts-expect-error a misspelt thread/start field does not compile
  await request("thread/start", { modle: "gpt-5.1-codex" });
  // @ts-expect-error a thread/start field of the wrong type does not compile
  await request("thread/start", { model: 5 });
  // @ts-expect-error a method the protocol lacks does not compile
  await request("thread/teleport", {});
  // @ts-expect-error thread/start takes params
  await request("thread/start");

  // Methods without params take none; optional params may be left out.
  await request("account/logout");
  await request("account/rateLimits/read");
  await request("account/rateLimits/read", null);

  const models = await request("model/list", {});
  const id: string = models.data[0].id;
  const cursor: string | null = models.nextCursor;
  // @ts-expect-error model ids are strings
  const wrong: number = models.data[0].id;
  void [id, cursor, wrong];

  const started = await request("thread/start", {});
  const threadId: string = started.thread.id;
  void threadId;
}

export function notifications(event: ServerNotification): string | undefined {
  // @ts-expect-error params are not narrowed before the method is known
  event.params.delta;
  if (event.method === "item/agentMessage/delta") {
    const delta: string = event.params.delta;
    const turnId: string = event.params.turnId;
    return delta + turnId;
  }
  if (event.method === "turn/completed") {
    const status: "completed" | "interrupted" | "failed" | "inProgress" = event.params.turn.status;
    return status;
  }
  if (event.method === "item/completed" && event.params.item.type === "agentMessage") {
    return event.params.item.text;
  }
  return undefined;
}

export function serverRequests(
  req: ServerRequest,
): ServerRequestMap[ServerRequest["method"]]["response"] {
  if (req.method === "item/commandExecution/requestApproval") {
    const command: string | null | undefined = req.params.command;
    void command;
    const answer: ServerRequestMap["item/commandExecution/requestApproval"]["response"] = {
      decision: "decline",
    };
    return answer;
  }
  type FileChangeAnswer = ServerRequestMap["item/fileChange/requestApproval"]["response"];
  // @ts-expect-error approval decisions are a closed set
  const bad: FileChangeAnswer = { decision: "maybe" };
  return bad;
}

export function mapsAndTypes(): void {
  // Notification params by method.
  const delta: ServerNotificationMap["item/agentMessage/delta"] = {
    threadId: "t",
    turnId: "u",
    itemId: "i",
    delta: "Hel",
  };
  void delta;

  // 64-bit integers arrive as JSON numbers, so they are typed `number`, not ts-rs's `bigint`.
  const usage = {} as ThreadUsage;
  const micros: number = usage.estimatedUsageCreditsMicros;
  const window: number | null = ({} as ThreadTokenUsage).modelContextWindow;
  void [micros, window];

  // The root/v2 name collision: v2's WebSearchAction keeps its name, the core one is renamed.
  const v2: WebSearchAction = { type: "openPage", url: null };
  const core: ResponsesApiWebSearchAction = { type: "open_page" };
  void [v2, core];
}

export async function experimentalSurface(): Promise<void> {
  // Experimental-only methods are absent from the stable map...
  type Spawn = ExperimentalClientRequestMap["process/spawn"];
  // @ts-expect-error process/spawn is experimental
  type NotStable = ClientRequestMap["process/spawn"];
  const spawnParams = {} as Spawn["params"];
  void spawnParams;
  // ...and present in the experimental one.
  await requestExperimental("process/spawn", spawnParams);

  // Experimental fields of stable methods are typed only by the experimental tables.
  const roots = ["/work"];
  // @ts-expect-error runtimeWorkspaceRoots is an experimental thread/start field
  const stable: ThreadStartParams = { runtimeWorkspaceRoots: roots };
  const experimental: Experimental.ThreadStartParams = { runtimeWorkspaceRoots: roots };
  const fields: ExperimentalFieldsClientRequestMap["thread/start"]["params"] = experimental;
  await requestExperimental("thread/start", { runtimeWorkspaceRoots: roots });
  void [stable, fields];
  void (0 as unknown as NotStable);
}
