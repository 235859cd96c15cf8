/**
 * The one shared copy of each notification method's name. `JSON.parse` makes a new string for
 * every `"method"` it reads, so each comparison of a method name on the notification path (the
 * validator's, the router's, a turn's `switch`, the application's `event.method === …`) has to
 * compare it character by character. Swapped for the name from the generated method table, a
 * method compares by reference: equal names are the same string, and two different names are
 * told apart at once. Content never changes, so nothing an application can observe does.
 *
 * @example
 * ```ts
 * import { canonicalNotificationMethod } from "./method_names.ts";
 *
 * const parsed = JSON.parse('{"method":"item/agentMessage/delta"}');
 * parsed.method = canonicalNotificationMethod(parsed.method); // the table's string, same text
 * ```
 * @module
 */

import { SERVER_NOTIFICATION_METHODS } from "./generated/methods.ts";

let table: Map<string, string> | undefined;
// Methods come in runs (30–60 deltas in a row): the previous name is compared before the table is
// looked up (hashing a new string costs more than comparing it once).
let lastRaw = "";
let lastShared = "";

/**
 * The generated table's string for a notification method of the pinned protocol (equal text);
 * any other method as it is.
 */
export function canonicalNotificationMethod(method: string): string {
  if (method === lastRaw) return lastShared;
  table ??= new Map(SERVER_NOTIFICATION_METHODS.map((name): [string, string] => [name, name]));
  lastRaw = method;
  lastShared = table.get(method) ?? method;
  return lastShared;
}
