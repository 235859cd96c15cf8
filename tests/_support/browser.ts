/**
 * What the browser tests need besides the SDK: the example page bundled with the project's own
 * tooling (`bun build --target browser`), a static file server on loopback for it, and a headless
 * Chromium driven by playwright-core.
 *
 * Chromium comes from npm: `@sparticuz/chromium` (a devDependency, pinned) ships a compressed
 * headless Chromium that needs nothing from the OS but libc, so `npm ci` is all a fresh machine
 * needs; no system package, no `npx playwright install` (browsers cannot be downloaded here).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { repoRoot } from "./repo_root.ts";

// As root (CI) Chromium needs --no-sandbox; the machine's closed network makes its background
// connections (updates, sync, field trials) fail loudly, so they are switched off. Not
// `@sparticuz/chromium`'s own `args`: they are tuned for AWS Lambda (--single-process,
// --disable-web-security), and these tests check a page as a user's browser runs it.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Chromium; disposing closes it (and removes its temporary profile). */
export interface HeadlessChromium extends AsyncDisposable {
  /** The browser. */
  browser: Browser;
  /** A new page whose uncaught errors and console errors are collected in `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Launches `@sparticuz/chromium`'s Chromium headless. Throws, saying what to run, when the
 * package is missing: a machine without it must fail loudly rather than skip the browser tests.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const executablePath = await chromiumExecutable();
  const { chromium } = await import("playwright-core").catch((error) => {
    throw new Error(`playwright-core is not installed (run npm ci): ${error?.message ?? error}`);
  });
  // Playwright gives every launch a fresh, temporary --user-data-dir of its own.
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    async newPage() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      return { page, errors };
    },
    async [Symbol.asyncDispose]() {
      await browser.close();
    },
  };
}

/**
 * The path of the Chromium binary, extracted once per installed `@sparticuz/chromium` version
 * into `node_modules/.cache/` (about 3 s; `npm ci` starts over).
 *
 * `executablePath()` extracts into `os.tmpdir()` and takes an existing `/tmp/chromium` as
 * finished, even one another process is still writing or one of another version. So it runs in
 * a child whose TMPDIR is a fresh staging directory, which is renamed into place only when
 * complete: runtimes and machines sharing /tmp never see half a browser.
 */
export async function chromiumExecutable(): Promise<string> {
  const root = repoRoot();
  const pkg = join(root, "node_modules", "@sparticuz", "chromium", "package.json");
  if (!existsSync(pkg)) {
    throw new Error(
      "the browser tests need the @sparticuz/chromium devDependency, which is not installed: " +
        "run `npm ci` in the repository",
    );
  }
  const { version } = JSON.parse(await readFile(pkg, "utf8")) as { version: string };
  const cache = join(root, "node_modules", ".cache", "codex-sdk-chromium");
  const dir = join(cache, version);
  const binary = join(dir, "chromium");
  if (existsSync(binary)) return binary;

  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, `${version}.staging-`));
  try {
    const printed = await extractInto(root, staging);
    if (printed !== join(staging, "chromium")) {
      throw new Error(`@sparticuz/chromium extracted to ${printed}, not into ${staging}`);
    }
    await rename(staging, dir).catch((error) => {
      // Another runner finished first: its copy is complete, use it.
      if (!existsSync(binary)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return binary;
}

/** Runs `executablePath()` in a Node child with TMPDIR=staging; resolves with what it printed. */
function extractInto(root: string, staging: string): Promise<string> {
  // The pinned Node 24 when installed (the package wants Node >= 22.17), else the Node on PATH.
  const pinned = join(root, "node_modules", "node24", "bin", "node");
  const node = existsSync(pinned) ? pinned : "node";
  const code = 'const { default: c } = await import("@sparticuz/chromium");' +
    "console.log(await c.executablePath());";
  return new Promise((resolve, reject) => {
    execFile(
      node,
      ["--input-type=module", "--eval", code],
      { cwd: root, env: { ...process.env, TMPDIR: staging } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`extracting @sparticuz/chromium failed: ${stderr || error}`));
        else resolve(stdout.trim());
      },
    );
  });
}

/** The example page, built and served. */
export interface ServedExample extends AsyncDisposable {
  /** The page's origin, e.g. `http://127.0.0.1:41234` (what the relay must allow). */
  origin: string;
  /** The page's URL for a given relay address and prompt. */
  pageUrl(relayUrl: string, prompt?: string): string;
}

/**
 * Bundles `examples/browser/app.ts` for the browser with Bun, copies `index.html` beside it and
 * serves both from a static server on 127.0.0.1 (an ephemeral port).
 */
export async function serveBrowserExample(): Promise<ServedExample> {
  const root = repoRoot();
  const out = await mkdtemp(join(tmpdir(), "codex-browser-example-"));
  try {
    await bundleExample(root, out);
    await copyFile(join(root, "examples", "browser", "index.html"), join(out, "index.html"));
    const server = await serveDirectory(out);
    return {
      origin: server.origin,
      pageUrl(relayUrl, prompt) {
        const query = new URLSearchParams({ relay: relayUrl, ...(prompt ? { prompt } : {}) });
        return `${server.origin}/index.html?${query}`;
      },
      async [Symbol.asyncDispose]() {
        await server.close();
        await rm(out, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `bun build --target browser`: the SDK's runtime adapters import `node:*` modules only inside
 * branches a browser never takes (dynamic imports), so they are left external rather than
 * polyfilled.
 */
function bundleExample(root: string, out: string): Promise<void> {
  const bun = join(root, "node_modules", ".bin", "bun");
  const args = [
    "build",
    join(root, "examples", "browser", "app.ts"),
    "--target",
    "browser",
    "--external",
    "node:*",
    "--outdir",
    out,
  ];
  return new Promise((resolve, reject) => {
    execFile(bun, args, { cwd: root }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`bun build failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
};

async function serveDirectory(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const path = normalize(
      join(dir, decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)),
    );
    if (!path.startsWith(dir + sep)) return void response.writeHead(403).end();
    try {
      const body = await readFile(path);
      response.writeHead(200, {
        "Content-Type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
      }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

