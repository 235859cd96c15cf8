/**
 * Type-checks the built package the way a user's project sees it: imported by name through
 * `package.json` `exports`, with TypeScript's own libs and Node's types but no Deno or Bun
 * types and no build shim. It catches declarations that only compiled thanks to the build's
 * `Deno` shim (a `Deno.*` type in a public signature) and exports that do not resolve.
 *
 * @module
 */
import ts from "typescript";
import { dirname, join } from "node:path";

/**
 * Returns the problems found in the package's own declarations, formatted; empty when clean.
 * Problems inside dependencies (`node_modules`) are not ours to fix and are left out.
 */
export function consumerCheck(packageDir: string, name: string, subpaths: string[]): string {
  const entry = join(packageDir, "__consumer_check__.ts");
  const source = subpaths
    .map((subpath, i) => {
      const specifier = subpath === "." ? name : `${name}/${subpath.replace(/^\.\//, "")}`;
      return `import * as entry${i} from "${specifier}";\nexport { entry${i} };\n`;
    })
    .join("");
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  // Type roots (node_modules/@types) are looked up from here, as from a user's project root.
  host.getCurrentDirectory = () => packageDir;
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => file === entry || fileExists.call(host, file);
  host.readFile = (file) => file === entry ? source : readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) =>
    file === entry
      ? ts.createSourceFile(file, source, language)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram([entry], options, host);
  const ours = ts.getPreEmitDiagnostics(program).filter((d) =>
    !d.file ||
    (d.file.fileName.startsWith(packageDir) && !d.file.fileName.includes("/node_modules/"))
  );
  return ts.formatDiagnostics(ours, {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => dirname(packageDir),
    getNewLine: () => "\n",
  });
}
