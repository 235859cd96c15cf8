// The AI SDK chat example (examples/ai_chat) in headless Chromium: the page posts to an endpoint
// built on streamText(...).toUIMessageStreamResponse() with a Codex model (the real binary,
// MockModel), streams the answer and the output of Codex's command, and a second message goes on
// in the same Codex thread.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCodex } from "../../ai.ts";
import { MockModel } from "../../testing.ts";
import { startChatServer } from "../../examples/ai_chat/server.ts";
import { launchChromium } from "../_support/browser.ts";
import { userTexts } from "./_support.ts";

const PAGE_TIMEOUT_MS = 30_000;

test("the chat page streams an answer with a command's output, and a second message stays on the thread", async () => {
  await using chromium = await launchChromium();
  await using mock = await MockModel.start();
  await using codex = createCodex({ env: mock.env });
  await using server = await startChatServer(codex);
  mock.queueExecCommand({ cmd: "echo hello-from-the-sandbox" })
    .queueText("The command printed hello-from-the-sandbox.", { deltas: 4 });
  mock.queueText("Yes, same thread.", { deltas: 3 });

  const { page, errors } = await chromium.newPage();
  await page.goto(`${server.url}/`);
  await page.fill("#input", "Run echo for me");
  await page.click("#send");
  await page.locator("#status[data-turns='1']").waitFor({ timeout: PAGE_TIMEOUT_MS });
  assert.equal(await page.locator(".answer").last().textContent(), "The command printed hello-from-the-sandbox.");
  const tool = await page.locator(".tool").first().textContent();
  assert.match(tool ?? "", /\$ .*echo hello-from-the-sandbox/);
  assert.match(tool ?? "", /\nhello-from-the-sandbox/, "the command's output is shown");

  await page.fill("#input", "Same thread?");
  await page.click("#send");
  await page.locator("#status[data-turns='2']").waitFor({ timeout: PAGE_TIMEOUT_MS });
  assert.equal(await page.locator(".answer").last().textContent(), "Yes, same thread.");
  assert.deepEqual(errors, []);

  // The second turn ran on the first one's thread and got only the new message.
  const last = mock.requests.at(-1)!;
  assert.match(JSON.stringify(last.body.input), /The command printed hello-from-the-sandbox\./, "the thread remembers the first answer");
  const texts = userTexts(last.body);
  assert.equal(texts.filter((t) => t === "Run echo for me").length, 1, "the first message is in the thread's history once");
  assert.ok(texts.includes("Same thread?"));
});
