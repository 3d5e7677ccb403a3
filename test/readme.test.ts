import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, renderReadme } from '../src/cli/docs.js';

describe('README', () => {
  const text = readFileSync(README, 'utf8');
  it('command and option tables match the registry (run npm run docs to update)', () => {
    expect(renderReadme(text)).toBe(text);
  });
  it('prints the single test command that .ci/run runs', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    const cmd = /The single test command[\s\S]*?```sh\n(.+)\n```/.exec(text)?.[1];
    expect(cmd).toBe('npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(new RegExp(`^${cmd}$`, 'm'));
  });
});
