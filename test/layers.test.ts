/**
 * Imports point down the data flow (README "Architecture"): the sources and the parser, the first stages, import
 * nothing from the stages after them (the Kepler model, the carbon engine, commands, reporters, front ends).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const LATER = ['kepler', 'carbon', 'commands', 'render', 'cli', 'mcp'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** The src/ folder (first path segment) of each relative module a file imports. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map(
    (m) => path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).split(path.sep)[0]!,
  );
}

describe('layers', () => {
  it.each(['sources', 'parser'])('src/%s imports no later stage', (stage) => {
    const offending = filesUnder(path.join(SRC, stage)).flatMap((f) =>
      importedFolders(f)
        .filter((folder) => LATER.includes(folder))
        .map((folder) => `${path.relative(SRC, f)} -> ${folder}`),
    );
    expect(offending).toEqual([]);
  });

  it('sees the imports it checks (a later stage importing an earlier one is found)', () => {
    expect(importedFolders(path.join(SRC, 'kepler', 'build.ts'))).toContain('sources');
  });
});
