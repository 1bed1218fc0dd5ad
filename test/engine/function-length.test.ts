/**
 * The engine stays readable: no function in src/engines/builtin or src/vision
 * spans more than MAX_FUNCTION_LINES lines (issue 16, "Readable engine"). A long
 * function is split into named stages that take inputs and return outputs.
 * Lengths are measured on the TypeScript syntax tree, from the line of the
 * function's first token to the line of its last, comments inside included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_FUNCTION_LINES = 60;
const ROOTS = ['src/engines/builtin', 'src/vision'];

interface LongFunction {
  key: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name) {
    return node.name.getText();
  }
  // An arrow or anonymous function is named after the variable or property holding it.
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText();
  }
  return '(anonymous)';
}

function longFunctions(path: string): LongFunction[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_FUNCTION_LINES) {
        found.push({ key: `${relative(process.cwd(), path)}:${functionName(node)}`, lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no engine or vision function is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long = ROOTS.flatMap((root) => sourceFiles(root)).flatMap(longFunctions);
  assert.deepEqual(
    long.map((f) => `${f.key} (${f.lines} lines)`),
    [],
    'split these into named stages',
  );
});
