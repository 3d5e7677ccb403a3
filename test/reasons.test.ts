import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fewReasons } from '../src/util/reasons.js';
import { cli } from './support/cli.js';

describe('several failed sources in one error line', () => {
  it('shows three reasons, says how many more, and each distinct hint once', () => {
    const r = ['a: bad — fix it', 'b: bad — fix it', 'c: worse — other fix', 'd: bad — fix it', 'e: bad'];
    expect(fewReasons(r)).toBe('a: bad; b: bad; c: worse; and 2 more — fix it — other fix');
    expect(fewReasons(['only: one'])).toBe('only: one');
  });
  it('a directory of non-Kepler files is one short line, not one hint per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-notkepler-'));
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `f${i}.txt`), `hello ${i}\n`);
    const r = await cli(['summary', '--source', dir]);
    expect(r.code).toBe(2);
    const line = r.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line.match(/point --source at a Kepler/g)).toHaveLength(1);
    expect(line).toContain('and 3 more');
  });
});
