/** examples/: each file is YAML, and every kcarbon command line in it parses with kcarbon's own CLI. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GLOBAL_OPTIONS } from '../src/cli/global-options.js';
import { SPECS as COMMANDS } from '../src/commands/all.js';

const DIR = new URL('../examples/', import.meta.url);
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

/** Long flags a command accepts: its own, -n/-A, and the global ones. */
function flagsOf(name: string): Set<string> {
  const spec = COMMANDS.find((c) => c.name === name)!;
  const all = [
    ...spec.options.map((o) => o.flags),
    ...GLOBAL_OPTIONS.map((g) => g.flags),
    '-n, --namespace',
    '-A, --all-namespaces',
  ];
  return new Set(all.flatMap((f) => f.match(/--[\w-]+/g) ?? []));
}

function commandLines(doc: unknown): string[][] {
  const out: string[][] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/kcarbon ([a-z]+)([^\n>|]*)/g))
        out.push([m[1]!, ...m[2]!.trim().split(/\s+/)]);
    } else if (Array.isArray(v)) {
      if (v[0] === 'report' && v.every((x) => typeof x === 'string')) out.push(v as string[]);
      else v.forEach(walk);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return out;
}

describe('examples/', () => {
  it('has the GitHub Actions workflow, the GitLab job and the CronJob', () => {
    expect(files.sort()).toEqual(['github-actions.yml', 'gitlab-ci.yml', 'kubernetes-cronjob.yaml']);
  });
  for (const f of files) {
    it(`${f}: YAML whose kcarbon commands and flags exist`, () => {
      const lines = commandLines(parse(readFileSync(new URL(f, DIR), 'utf8')));
      expect(lines.length).toBeGreaterThan(0);
      for (const [cmd, ...args] of lines) {
        expect(COMMANDS.map((c) => c.name)).toContain(cmd);
        const known = flagsOf(cmd!);
        for (const a of args.filter((x) => x.startsWith('--')))
          expect(known, `${f}: ${a}`).toContain(a.split('=')[0]);
      }
    });
  }
});
