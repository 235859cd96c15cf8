/**
 * What changed between two generated protocol folders (`src/protocol/generated/` before and
 * after an upgrade): methods and types added, removed and changed, as a CHANGELOG section. It reads the
 * generated files themselves, so any two generations can be compared, whatever produced them.
 * Pure functions over a `read(path)` callback: no runtime API, so tests import it on any runtime.
 *
 * @module
 */

/** One generated folder, summarised: method signatures and type bodies (comments removed). */
export interface ProtocolSummary {
  /** `"request thread/start"` -> `"{ params: ThreadStartParams; response: ThreadStartResponse }"`. */
  methods: Map<string, string>;
  /** Type name -> its body, whitespace-normalised; experimental-only ones as `Name (experimental)`. */
  types: Map<string, string>;
}

const MAPS: ReadonlyArray<[file: string, map: string, kind: string]> = [
  ["methods.ts", "ClientRequestMap", "request"],
  ["methods.ts", "ServerNotificationMap", "notification"],
  ["methods.ts", "ServerRequestMap", "server request"],
  ["methods.ts", "ClientNotificationMap", "client notification"],
  ["experimental/methods.ts", "ExperimentalClientRequestMap", "experimental request"],
  ["experimental/methods.ts", "ExperimentalServerNotificationMap", "experimental notification"],
  ["experimental/methods.ts", "ExperimentalServerRequestMap", "experimental server request"],
];

const stripComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
const squash = (text: string): string =>
  text.replace(/\s+/g, " ").replace(/([{(<\[]) /g, "$1").replace(/ ([})>\]])/g, "$1")
    .replace(/[;,]\s*([}\]])/g, "$1").trim();

/** Summarises a generated folder from its files (`read("methods.ts")` -> text, or null). */
export function summarize(read: (path: string) => string | null): ProtocolSummary {
  const methods = new Map<string, string>();
  for (const [file, map, kind] of MAPS) {
    const text = read(file);
    if (text === null) continue;
    const code = stripComments(text);
    const body = new RegExp(`export interface ${map} \\{([\\s\\S]*?)\\n\\}`).exec(code)?.[1];
    if (body === undefined) continue;
    for (const m of body.matchAll(/"([^"]+)":\s*(\{[^}]*\}|[^;]+);/g)) {
      methods.set(`${kind} ${m[1]}`, squash(m[2]));
    }
  }
  const types = new Map<string, string>();
  for (const [file, suffix] of [["types.ts", ""], ["experimental/types.ts", " (experimental)"]]) {
    const text = read(file);
    if (text === null) continue;
    const parts = stripComments(text).split(/^export type /m).slice(1);
    for (const part of parts) {
      const m = /^(\w+)\s*=\s*([\s\S]*?);?\s*$/.exec(part.trim());
      if (m) types.set(m[1] + suffix, squash(m[2].replace(/;\s*$/, "")));
    }
  }
  return { methods, types };
}

/** Splits `text` at top-level occurrences of `sep` (outside brackets and strings). */
function splitTop(text: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if ("{[(<".includes(c)) depth++;
    else if ("}])>".includes(c)) depth--;
    else if (depth === 0 && sep.test(c)) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((p) => p !== "");
}

/** `{ a: T; b?: U }` -> { "a": "T", "b?": "U" }, or null when the body is not one object. */
function fields(body: string): Map<string, string> | null {
  if (!body.startsWith("{") || !body.endsWith("}") || splitTop(body, /\|/).length > 1) return null;
  const out = new Map<string, string>();
  for (const part of splitTop(body.slice(1, -1), /[;,]/)) {
    const m = /^("?[\w$-]+"?\??)\s*:\s*([\s\S]+)$/.exec(part);
    if (!m) return null;
    out.set(m[1].replaceAll('"', ""), m[2]);
  }
  return out;
}

/** A union's variants keyed by their tag (`"type": "x"`) or their text. */
function variants(body: string): Map<string, string> | null {
  const parts = splitTop(body, /\|/);
  if (parts.length < 2) return null;
  return new Map(parts.map((p) => [/^\{\s*"?\w+"?: ("[^"]*")/.exec(p)?.[1] ?? p, p]));
}

const short = (s: string, n = 80) => (s.length > n ? s.slice(0, n - 3) + "..." : s);
const c = (s: string) => `\`${s.replaceAll("`", "'")}\``;

/** What changed in one type, in one line. */
export function describeChange(before: string, after: string): string {
  // `A & B & (C | D)`: describe the parts that changed, when the parts line up.
  const [pa, pb] = [splitTop(before, /&/), splitTop(after, /&/)];
  if (pa.length > 1 && pa.length === pb.length) {
    const unwrap = (
      p: string,
    ) => (p.startsWith("(") && p.endsWith(")") ? p.slice(1, -1).trim() : p);
    return pa.flatMap((p, i) =>
      p === pb[i]
        ? []
        : [describeChange(unwrap(p).replace(/^\|\s*/, ""), unwrap(pb[i]).replace(/^\|\s*/, ""))]
    ).join("; ");
  }
  const [a, b] = [fields(before), fields(after)];
  if (a && b) {
    const out: string[] = [];
    for (const [k, t] of b) if (!a.has(k)) out.push(`+ ${c(`${k}: ${short(t, 60)}`)}`);
    for (const k of a.keys()) if (!b.has(k)) out.push(`- ${c(k)}`);
    for (const [k, t] of b) {
      if (a.has(k) && a.get(k) !== t) {
        out.push(`${c(k)}: ${c(short(a.get(k)!, 50))} → ${c(short(t, 50))}`);
      }
    }
    return out.join("; ");
  }
  const [va, vb] = [variants(before), variants(after)];
  if (va && vb) {
    const out: string[] = [];
    for (const k of vb.keys()) if (!va.has(k)) out.push(`+ ${c(short(k, 60))}`);
    for (const k of va.keys()) if (!vb.has(k)) out.push(`- ${c(short(k, 60))}`);
    const changed = [...vb.keys()].filter((k) => va.has(k) && va.get(k) !== vb.get(k));
    if (changed.length) out.push(`changed ${changed.map((k) => c(short(k, 40))).join(", ")}`);
    return out.join("; ");
  }
  return `${c(short(before))} → ${c(short(after))}`;
}

/** The difference of two summaries as a markdown section under `title`. */
export function diffMarkdown(
  before: ProtocolSummary,
  after: ProtocolSummary,
  title: string,
): string {
  const lines = [`### ${title}`, ""];
  const sorted = (xs: Iterable<string>) => [...xs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const section = (heading: string, items: string[]) => {
    // An experimental twin that says what its stable type already says adds nothing.
    items = items.filter((item) => {
      const m = /^(`\w+) \(experimental\)`(.*)$/.exec(item);
      return !m || !items.includes(`${m[1]}\`${m[2]}`);
    });
    if (items.length === 0) return;
    lines.push(`${heading} (${items.length}):`, "", ...items.map((i) => `- ${i}`), "");
  };
  const method = (key: string, sig: string) => {
    const [kind, name] = [key.slice(0, key.lastIndexOf(" ")), key.slice(key.lastIndexOf(" ") + 1)];
    return `${c(name)} (${kind}): ${c(sig)}`;
  };
  const byMethod = (keys: Iterable<string>) =>
    [...keys].sort((x, y) => {
      const [mx, my] = [x.slice(x.lastIndexOf(" ") + 1), y.slice(y.lastIndexOf(" ") + 1)];
      return mx < my ? -1 : mx > my ? 1 : x < y ? -1 : 1;
    });
  const addedM = byMethod(after.methods.keys()).filter((k) => !before.methods.has(k));
  const removedM = byMethod(before.methods.keys()).filter((k) => !after.methods.has(k));
  const changedM = byMethod(after.methods.keys()).filter((k) =>
    before.methods.has(k) && before.methods.get(k) !== after.methods.get(k)
  );
  section("Methods added", addedM.map((k) => method(k, after.methods.get(k)!)));
  section("Methods removed", removedM.map((k) => method(k, before.methods.get(k)!)));
  section(
    "Methods changed",
    changedM.map((k) => `${method(k, after.methods.get(k)!)} (was ${c(before.methods.get(k)!)})`),
  );
  const addedT = sorted(after.types.keys()).filter((k) => !before.types.has(k));
  const removedT = sorted(before.types.keys()).filter((k) => !after.types.has(k));
  const changedT = sorted(after.types.keys()).filter((k) =>
    before.types.has(k) && before.types.get(k) !== after.types.get(k)
  );
  section("Types added", addedT.map((k) => c(k)));
  section("Types removed", removedT.map((k) => c(k)));
  section(
    "Types changed",
    changedT.map((k) => `${c(k)}: ${describeChange(before.types.get(k)!, after.types.get(k)!)}`),
  );
  if (lines.length === 2) lines.push("No change to the protocol's methods or types.", "");
  return lines.join("\n");
}
