/**
 * Text and an image file in one turn: `localImage(path)`. The app-server reads the file (it must
 * be on the app-server's machine) and sends it to the model inline. Here the file is a tiny PNG
 * written to a temporary directory first.
 *
 *   deno run -A examples/local_image_and_text/main.ts
 *   bun examples/local_image_and_text/main.ts
 *   node npm/examples/local_image_and_text/main.js
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localImage, text } from "../../mod.ts";
import { startCodexForExample } from "../_shared/model.ts";
import { describeImages, tinyPng } from "../_shared/png.ts";

const dir = await mkdtemp(join(tmpdir(), "codex-example-"));
try {
  const path = join(dir, "pixels.png");
  await writeFile(path, tinyPng());
  console.log(`wrote ${path}`);

  await using example = await startCodexForExample(undefined, {
    mock: { defaultReply: (request) => `I see ${describeImages(request).join(" and ") || "no image"}.` },
  });
  const thread = await example.codex.threadStart({ cwd: dir, sandbox: "read-only" });
  const result = await thread.run([
    text("Describe this image in one sentence."),
    localImage(path),
  ]);
  console.log(`answer: ${result.finalResponse}`);

  // The turn's user message keeps the path, as given.
  const user = result.items.find((item) => item.type === "userMessage");
  if (user?.type === "userMessage") {
    console.log(`input items: ${user.content.map((input) => input.type === "localImage" ? `localImage ${input.path}` : input.type).join(", ")}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
