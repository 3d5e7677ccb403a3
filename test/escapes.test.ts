/** Control characters from outside (label values, arguments, server text) never reach a terminal raw. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { toYaml } from '../src/render/yaml.js';
import { escapeControl, escapeStrings } from '../src/util/escape.js';
import { cli } from './support/cli.js';

const NODE = 'ip-10-0-1-17.ap-northeast-2.compute.internal';
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const EVIL = 'etl-\x1b[2J\x1b]0;pwned\x07\x9b31m';

let tmp: string;
let file: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kcarbon-escapes-'));
  file = path.join(tmp, `${NODE}.prom`);
  const text = readFileSync(path.join(DEMO_DIR, `${NODE}.prom`), 'utf8').replaceAll(
    'pod_name="ml-training-job-dc8z7"',
    `pod_name="${EVIL.replaceAll('\\', '\\\\')}"`,
  );
  await writeFile(file, text);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const AT = ['--at', '2026-01-15T05:00:00Z'];

describe('escapes', () => {
  it('escapeControl shows controls as \\xHH and keeps newlines unless asked', () => {
    expect(escapeControl('a\x1b[2Jb\nc\td\x9b')).toBe('a\\x1b[2Jb\nc\td\\x9b');
    expect(escapeControl('a\nb', true)).toBe('a\\x0ab');
    expect(escapeStrings({ 'k\x07': ['v\x1b', 1, null] })).toEqual({ 'k\\x07': ['v\\x1b', 1, null] });
  });

  it.each(['table', 'markdown', 'csv'])('a pod name with escapes is shown escaped in %s', async (format) => {
    const r = await cli(['top', '--source', file, ...AT, '-o', format, '--color']);
    expect(r.stdout).toContain('etl-\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m');
    // Colour codes of the table itself remain; no other escape sequence does.
    expect(r.stdout.replace(/\x1b\[\d+m/g, '').replaceAll('\r\n', '\n')).not.toMatch(RAW_CONTROL);
  });

  it('JUnit stays valid XML (no raw control characters); JSON keeps the value exactly', async () => {
    const j = await cli(['list', '--source', file, ...AT, '-o', 'junit', '--no-fail']);
    expect(j.stdout).not.toMatch(RAW_CONTROL);
    const json = await cli(['top', '--source', file, ...AT, '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).consumers.map((c: { name: string }) => c.name)).toContain(EVIL);
  });

  it('YAML keeps the value exactly (its own escapes, no raw control) and reads the same as YAML 1.1', async () => {
    const r = await cli(['top', '--source', file, ...AT, '-o', 'yaml']);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const { parse } = await import('yaml');
    const json = JSON.parse((await cli(['top', '--source', file, ...AT, '--json'])).stdout);
    const yaml = parse(r.stdout);
    expect(yaml.consumers.map((c: { name: string }) => c.name)).toContain(EVIL);
    // The same document as the JSON (bar the clock times of the two runs), and as a YAML 1.1 parser reads it:
    // the timestamp a string, not a date; names such as `on` or `no` strings, not booleans.
    const clock = (v: unknown) => JSON.stringify(v).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"T"');
    expect(clock(yaml)).toBe(clock(json));
    expect(parse(r.stdout, { version: '1.1' })).toEqual(yaml);
    const names = await toYaml({
      namespace: 'on',
      workload: 'no',
      timestamp: '2026-01-15T05:00:00.000Z',
      n: 1,
    });
    expect(names).toBe('namespace: "on"\nworkload: "no"\ntimestamp: "2026-01-15T05:00:00.000Z"\n"n": 1\n');
  });

  it('YAML 1.1 readers (PyYAML) read the same values as the JSON: separators, << and = in names', async () => {
    const names = ['ml\u2028job', '<<', '=', 'on', '2026-01-01', 'a\u2029b', 'c\u0085d'];
    const odd = path.join(tmp, 'odd');
    await mkdir(odd, { recursive: true });
    const original = path.join(DEMO_DIR, `${NODE}.prom`);
    let text = readFileSync(original, 'utf8');
    // Running pods (top lists them), renamed.
    const running = JSON.parse(
      (await cli(['top', '--source', original, ...AT, '-l', '50', '--json'])).stdout,
    );
    const pods = running.consumers.map((c: { name: string }) => c.name).slice(0, names.length) as string[];
    expect(pods).toHaveLength(names.length);
    pods.forEach((p, i) => {
      text = text.replaceAll(`pod_name="${p}"`, `pod_name="${names[i]}"`);
    });
    await writeFile(path.join(odd, `${NODE}.prom`), text);
    const args = ['top', '--source', odd, ...AT, '-l', '50'];
    const yaml = (await cli([...args, '-o', 'yaml'])).stdout;
    const json = JSON.parse((await cli([...args, '--json'])).stdout);
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const read = spawnSync(
      python,
      ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin.read()), default=str))'],
      { input: yaml, encoding: 'utf8' },
    );
    expect(read.stderr).toBe('');
    const clock = (v: unknown) => JSON.stringify(v).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"T"');
    const fromPython = JSON.parse(read.stdout);
    expect(fromPython.consumers.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(names));
    expect(clock(fromPython)).toBe(clock(json));
  });

  it('an argument with escapes is escaped in the error line', async () => {
    const r = await cli(['assess', 'x\x1b[2Jy', '--source', file, ...AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('x\\x1b[2Jy');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    const bad = await cli(['top', '--demo', '--at', '\x1b[31mnow']);
    expect(bad.stderr).toContain('\\x1b[31mnow');
    expect(bad.stderr).not.toMatch(RAW_CONTROL);
  });
});
