import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, renderReadme } from '../src/cli/docs.js';

describe('README', () => {
  const text = readFileSync(README, 'utf8');
  it('command and option tables match the registry (run npm run docs to update)', () => {
    expect(renderReadme(text)).toBe(text);
  });
  it("dates Kepler's GPU families to the release that added them, v0.11.4 (v0.11.3 has none)", () => {
    expect(text).toContain('`kepler_pod_gpu_watts`, Kepler v0.11.4+');
    expect(text).not.toMatch(/Kepler v0\.11\+/);
  });
  it('prints the single test command that .ci/run runs', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    const cmd = /The single test command[\s\S]*?```sh\n(.+)\n```/.exec(text)?.[1];
    expect(cmd).toBe('npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(new RegExp(`^${cmd}$`, 'm'));
  });
});
