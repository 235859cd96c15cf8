/**
 * A declaration transformer that rewrites relative `./x.ts` specifiers to `./x.js` in emitted
 * `.d.ts` files.
 *
 * `rewriteRelativeImportExtensions` rewrites them in the JavaScript only; the declarations keep
 * `.ts`, which TypeScript 5 resolves to the `.d.ts` beside it, but older compilers and other
 * tools reading our types do not. `.js` is what every consumer understands.
 *
 * @module
 */
import ts from "typescript";

/** Use as `program.emit(…, { afterDeclarations: [rewriteDtsSpecifiers] })`. */
export function rewriteDtsSpecifiers(
  context: ts.TransformationContext,
): (node: ts.SourceFile | ts.Bundle) => ts.SourceFile | ts.Bundle {
  const f = context.factory;
  const literal = (node: ts.Expression): ts.StringLiteral | undefined => {
    if (!ts.isStringLiteral(node)) return undefined;
    const rewritten = toJs(node.text);
    return rewritten === node.text ? undefined : f.createStringLiteral(rewritten);
  };
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      if (spec) {
        return f.updateImportDeclaration(
          node,
          node.modifiers,
          node.importClause,
          spec,
          node.attributes,
        );
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const spec = literal(node.moduleSpecifier);
      if (spec) {
        return f.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          spec,
          node.attributes,
        );
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const spec = literal(node.argument.literal as ts.Expression);
      if (spec) {
        return f.updateImportTypeNode(
          node,
          f.createLiteralTypeNode(spec),
          node.attributes,
          node.qualifier,
          ts.visitNodes(node.typeArguments, visit, ts.isTypeNode),
          node.isTypeOf,
        );
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (node) => ts.isSourceFile(node) ? ts.visitEachChild(node, visit, context) : node;
}

/** `./a/b.ts` → `./a/b.js` (and `.mts` → `.mjs`); bare and non-TS specifiers are left alone. */
export function toJs(specifier: string): string {
  if (!/^\.\.?\//.test(specifier) || specifier.endsWith(".d.ts")) return specifier;
  return specifier.replace(/\.ts$/, ".js").replace(/\.mts$/, ".mjs");
}
