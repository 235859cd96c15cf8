/**
 * Stage 8: `validators.ts` and `experimental/validators.ts`, the compiled checks for
 * notification params, server-request params and client-request responses of a surface. The
 * per-method tables are built on first use and V8 compiles each function lazily, so importing
 * the module costs little.
 *
 * @module
 */

import { header, type MethodEntry, type Surface } from "./common.ts";
import { ValidatorCompiler } from "./validator_compiler.ts";

/** A surface's validator module; `issueModule` is where `ValidationIssue` is declared. */
export function emitValidators(
  s: Surface,
  version: string,
  label: string,
  issueModule: string,
): string {
  const compiler = new ValidatorCompiler(s.defs);
  const table = (entries: MethodEntry[], def: (e: MethodEntry) => string | null | undefined) =>
    entries.flatMap((e) => {
      const key = def(e);
      return key ? [`    [${JSON.stringify(e.method)}, ${compiler.defFunction(key)}],`] : [];
    }).join("\n");
  const notifications = table(s.serverNotifications, (e) => e.paramsDef);
  const requests = table(s.serverRequests, (e) => e.paramsDef);
  const responses = table(s.clientRequests, (e) => e.responseDef);
  const functions = compiler.sources();
  const own = issueModule === "./validators.ts";
  const helpers = `${
    own
      ? `/** Where and how a message failed validation. */
export interface ValidationIssue {
  /** Path to the offending value, e.g. \`params.item.type\` or \`result.data[0].id\`. */
  readonly path: string;
  /** What was wrong, e.g. \`expected string, got number\`. */
  readonly message: string;
}`
      : `import type { ValidationIssue } from "${issueModule}";\nexport type { ValidationIssue };`
  }

type Issue = ValidationIssue;
type Check = (x: unknown) => Issue | null;

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
function fail(path: string, expected: string, got: unknown): Issue {
  return {
    path,
    message: got === undefined
      ? \`missing required field (expected \${expected})\`
      : \`expected \${expected}, got \${typeName(got)}\`,
  };
}
function failValue(path: string, expected: string, got: unknown): Issue {
  if (got === undefined || typeof got === "object") return fail(path, expected, got);
  const shown = JSON.stringify(got);
  return { path, message: \`expected \${expected}, got \${shown.length > 60 ? shown.slice(0, 57) + "..." : shown}\` };
}
function at(path: string, issue: Issue): Issue {
  const inner = issue.path;
  return {
    path: inner === "" ? path : path === "" ? inner : inner[0] === "[" ? path + inner : path + "." + inner,
    message: issue.message,
  };
}
function key(k: string): string {
  return /^[A-Za-z_$][\\w$]*$/.test(k) ? k : "[" + JSON.stringify(k) + "]";
}
function deeper(a: Issue | null, b: Issue): Issue {
  if (a === null) return b;
  const depth = (i: Issue) => i.path === "" ? 0 : i.path.split(/[.[]/).length;
  return depth(b) > depth(a) ? b : a;
}
`;
  return header(
    version,
    `\n// Validators for incoming messages of the ${label} surface, compiled from \`generate-json-schema${
      label === "experimental" ? " --experimental" : ""
    }\`.`,
  ) + `
${helpers}
${functions.join("\n\n")}

let notifications: Map<string, Check> | undefined;
let serverRequests: Map<string, Check> | undefined;
let responses: Map<string, Check> | undefined;
// The previous notification's method and check: methods come in runs (deltas), so a string
// comparison replaces most map lookups on the hot path.
let lastMethod = "";
let lastCheck: Check | undefined;

function run(check: Check | undefined, root: string, value: unknown): ValidationIssue | null {
  if (check === undefined) return null;
  const issue = check(value);
  return issue === null ? null : at(root, issue);
}

/**
 * Checks a server notification's params against the ${label} schema. Returns the first problem
 * found, or null when the params are valid or the method is unknown (unknown methods pass
 * through). Extra fields are allowed.
 */
export function validateNotification(method: string, params: unknown): ValidationIssue | null {
  if (method === lastMethod) return run(lastCheck, "params", params);
  notifications ??= new Map<string, Check>([
${notifications}
  ]);
  lastMethod = method;
  lastCheck = notifications.get(method);
  return run(lastCheck, "params", params);
}

/** Checks a server request's params, like {@link validateNotification}. */
export function validateServerRequest(method: string, params: unknown): ValidationIssue | null {
  serverRequests ??= new Map<string, Check>([
${requests}
  ]);
  return run(serverRequests.get(method), "params", params);
}

/** Checks the result of a client request (by the request's method), like {@link validateNotification}. */
export function validateResponse(method: string, result: unknown): ValidationIssue | null {
  responses ??= new Map<string, Check>([
${responses}
  ]);
  return run(responses.get(method), "result", result);
}
`;
}
