/**
 * The soak's scripted model, in a process of its own so that its request log (it keeps every
 * request) is not counted in the SDK's heap. Prints `{ env, codexHome }` as one JSON line, echoes
 * every turn's input, and stops when its stdin closes.
 */
import process from "node:process";
import { lastUserText, MockModel, textReply } from "../../testing.ts";

const mock = await MockModel.start({
  defaultReply: (request) => textReply(`echo:${lastUserText(request)}`, { deltas: 3 }),
});
console.log(JSON.stringify({ env: mock.env, codexHome: mock.codexHome }));
process.stdin.resume();
process.stdin.on("end", async () => {
  await mock.close();
  process.exit(0);
});
