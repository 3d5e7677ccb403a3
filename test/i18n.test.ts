/**
 * Korean output (--lang ko, LANG=ko_KR.*): tables, headlines, checks, reports and --help in Korean from
 * one catalogue per language; every catalogue key translated; JSON byte-identical to --lang en.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { en } from '../src/i18n/en.js';
import { issueMsg, renderMsg, valueAt } from '../src/i18n/errors.js';
import { displayWidth, resolveLang } from '../src/i18n/index.js';
import { ko } from '../src/i18n/ko.js';
import { warning } from '../src/kepler/model.js';
import type { ParamsOf, WarningCode } from '../src/kepler/warnings.js';
import { cli } from './support/cli.js';

const AT = '2026-01-15T05:00:00Z';
const HANGUL = /[\uac00-\ud7a3]/;
/** Texts that are the same in Korean (units, symbols, acronyms). */
const SAME = new Set(['PUE', 'GPU (W)', 'CO2e']);

type Leaf = { path: string; en: unknown; ko: unknown };
function leaves(e: unknown, k: unknown, path = ''): Leaf[] {
  if (e && typeof e === 'object' && !Array.isArray(e)) {
    return Object.entries(e).flatMap(([key, v]) =>
      leaves(v, (k as Record<string, unknown> | undefined)?.[key], `${path}.${key}`),
    );
  }
  if (Array.isArray(e))
    return e.map((v, i) => ({ path: `${path}[${i}]`, en: v, ko: (k as unknown[] | undefined)?.[i] }));
  return [{ path, en: e, ko: k }];
}
const sample = (fn: (...a: unknown[]) => string) =>
  fn(...Array.from({ length: fn.length }, (_, i) => (i % 2 ? 'x' : 2)));

/** Params of every warning code, each variant (a new code fails to type-check until it has its samples). */
const WARNING_SAMPLES: { [C in WarningCode]: ParamsOf<C>[] } = {
  'zone-missing': [
    { missing: 'core', summing: 'package, dram' },
    { zone: 'dram', nodes: 'n1, n2' },
  ],
  'zone-fallback': [{ node: 'n1', zones: 'psys' }],
  'sources-overlap': [{ count: 2, first: 'a.prom', second: 'b.prom' }],
  'value-excluded': [
    {
      origin: 'a.prom',
      node: 'n1',
      count: 3,
      metric: 'kepler_node_cpu_watts',
      kinds: 'negative, not a number',
    },
    {
      origin: 'http://prom:9090/',
      node: 'n1',
      count: 2,
      hours: 5,
      metric: 'kepler_pod_cpu_joules_total',
      kinds: 'not a number',
    },
    { pod: 'ns/p' },
  ],
  'counters-still': [{ origin: 'http://127.0.0.1:28282/metrics', seconds: '5.0' }],
  'gpu-counter-fell': [{ origin: 'http://10.0.1.5:28282/metrics', pod: 'ml/train-0', watts: '5.0' }],
  'gpu-energy-unknown': [{ origin: 'http://10.0.1.5:28282/metrics', pod: 'ml/train-0' }],
  'gpu-above-node': [
    { origin: 'http://10.0.1.5:28282/metrics', node: 'gpu-1', pods: '2978.8', gpus: '250.0' },
  ],
  'source-failed': [{ error: 'http://127.0.0.1:1/metrics: connection refused' }],
  'source-hours-missing': [
    {
      origin: 'http://prometheus:9090/ target 10.0.8.2:28282',
      job: 'kepler',
      spans: '2026-01-12T10:00Z – 2026-01-12T11:00Z',
      hours: 1,
    },
  ],
  'history-hours-empty': [
    { origin: 'http://prometheus:9090/', spans: '2026-01-12T12:00Z – 2026-01-12T14:00Z', hours: 2 },
    { origin: 'http://prometheus:9090/', spans: '2026-01-12T12:00Z – 2026-01-12T13:00Z', hours: 1 },
  ],
  'targets-unchecked': [{ origin: 'http://prom:9090/federate', reason: 'query failed: 403 Forbidden' }],
  'watts-missing': [{ origin: 'a.prom', node: 'n1', count: 2 }],
  'lines-skipped': [
    { origin: 'a.prom', count: 2, line: 7, reason: 'bad value' },
    { origin: 'a.prom', count: 1 },
  ],
  'node-name-empty': [{ origin: 'a.prom' }],
  'node-idle-unknown': [{ nodes: 'n1, n2', count: 2 }],
  'fake-meter': [{ origin: 'a.prom', node: 'n1' }],
  'no-power-series': [{ origin: 'a.prom', version: '0.10.0' }, { origin: 'a.prom' }],
  'pods-missing': [{ origin: 'a.prom', node: 'n1', zones: 2 }],
  'exception-expired': [
    { workload: 'ns/w', check: 'KR_PUE_GREEN_DC', expires: '2026-01-01', file: 'k.yaml' },
  ],
  'exception-unused': [{ namespace: 'ns' }],
  'budget-unused': [{ budget: 'workloads["a/b"]' }, { budget: 'namespaces["ab"]', suggestion: 'ac' }],
  'history-skipped': [{ entry: 3 }],
  'grid-unused': [
    { basis: 'official', provider: 'electricitymaps' },
    { provider: 'electricitymaps', region: 'ap-northeast-2', stated: '--intensity', value: 300 },
  ],
  'grid-fallback': [
    { provider: 'watttime', region: 'ap-northeast-2', reason: 'HTTP 429' },
    { provider: 'carbon-aware-sdk', reason: 'HTTP 500' },
  ],
  'grid-window-basis': [{ provider: 'watttime', basis: 'marginal', offline_basis: 'lifecycle' }],
  'grid-partial': [
    {
      provider: 'electricitymaps',
      region: 'ap-northeast-2',
      missing: 4,
      hours: 12,
      spans: '2026-01-13T19:00Z–2026-01-13T23:00Z',
    },
  ],
  'basis-switched': [
    { basis: 'lifecycle', run_basis: 'official', countries: 'KR', region: 'ap-northeast-2', value: 423 },
  ],
};
const warningSamples = (path: string): unknown[][] | undefined => {
  const code = path.startsWith('.warning.') ? path.slice('.warning.'.length) : undefined;
  return code ? (WARNING_SAMPLES[code as WarningCode] as unknown[]).map((p) => [p]) : undefined;
};

/** Messages that only join other messages (already in the run's language): the same in every language. */
const JOINS = new Set(['.errors.fileIssue', '.errors.issuesJoined', '.errors.atOrigin']);
/** Messages whose Korean differs from the English only for some arguments (a unit the labels translate). */
const UNIT_SAMPLES: Record<string, unknown[]> = { '.reportMarkdown.unit': ['kgCO2e/month'] };
/** Arguments for messages whose parameters are not plain words. */
const ERROR_SAMPLES: Record<string, unknown[]> = {
  '.errors.validationIssue': [
    JSON.stringify({ code: 'too_small', message: 'Too small', generic: true, minimum: 1, inclusive: true }),
  ],
};

describe('catalogues', () => {
  it('every key of the English catalogue is translated into Korean (no English fallback)', () => {
    const all = leaves(en, ko);
    expect(all.length).toBeGreaterThan(150);
    const untranslated = all.filter(({ path, en: e, ko: k }) => {
      if (k === undefined) return true;
      if (typeof e === 'function') {
        if (typeof k !== 'function') return true;
        const fn = k as (...a: unknown[]) => string;
        if (JOINS.has(path)) return sample(fn) !== sample(e as (...a: unknown[]) => string);
        if (ERROR_SAMPLES[path]) return !HANGUL.test(fn(...ERROR_SAMPLES[path]));
        if (UNIT_SAMPLES[path]) return !HANGUL.test(fn(...UNIT_SAMPLES[path]));
        const calls = warningSamples(path);
        return calls ? calls.some((args) => !HANGUL.test(fn(...args))) : !HANGUL.test(sample(fn));
      }
      if (e === 'en') return k !== 'ko'; // the HTML lang attribute
      if (typeof e === 'string' && SAME.has(e)) return k !== e;
      return typeof k !== 'string' || !HANGUL.test(k);
    });
    expect(untranslated.map((l) => l.path)).toEqual([]);
    // No key in Korean that English lacks (a typo would never be used).
    expect(
      leaves(ko, en)
        .filter((l) => l.ko === undefined && !l.path.startsWith('.reportMarkdown.headline'))
        .map((l) => l.path),
    ).toEqual([]);
  });

  it('every warning: the English message is the catalogue text of its params; Korean has each variant', () => {
    for (const [code, variants] of Object.entries(WARNING_SAMPLES)) {
      for (const params of variants) {
        const w = warning(code as WarningCode, params as never);
        expect(w.message).toBe((en.warning[code as WarningCode] as (p: unknown) => string)(params));
        expect(w.params).toEqual(params);
        const korean = (ko.warning[code as WarningCode] as (p: unknown) => string)(params);
        expect(korean).toMatch(HANGUL);
        // Every value reaches the Korean text too (the kinds of excluded values are translated).
        for (const [k, v] of Object.entries(params)) if (k !== 'kinds') expect(korean).toContain(String(v));
      }
    }
  });

  it('Korean names of the laws: 탄소중립기본법, 에너지이용 합리화법, 그린데이터센터 인증', () => {
    const text = JSON.stringify(leaves(ko, ko).map((l) => (typeof l.ko === 'function' ? '' : l.ko)));
    expect(text).toContain('탄소중립기본법');
    expect(text).toContain('에너지이용 합리화법');
    expect(text).toContain('그린데이터센터 인증');
  });

  it('language: --lang wins, then LC_ALL, LC_MESSAGES, LANG; Hangul is two columns wide', () => {
    expect(resolveLang(undefined, { LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(resolveLang(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(resolveLang(undefined, { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(resolveLang('en', { LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(resolveLang('fr', {})).toBeUndefined();
    expect(displayWidth('상태')).toBe(4);
  });
});

const COMMANDS: [string, string[]][] = [
  ['assess', ['assess', 'ml-training-job', '--demo']],
  ['list', ['list', '--demo']],
  ['summary', ['summary', '--demo']],
  ['report', ['report', '--demo']],
];

describe('--lang ko output', () => {
  for (const [name, args] of COMMANDS) {
    it(`${name}: Korean headings and labels, no English label left; JSON byte-identical to --lang en`, async () => {
      const koRun = await cli([...args, '--at', AT, '--lang', 'ko']);
      expect(koRun.stderr).toBe('');
      expect(koRun.stdout).toMatch(HANGUL);
      // Table heading rows and key-value labels carry no English label of the catalogue.
      const lines = koRun.stdout.split('\n');
      const headings = lines
        .filter((_, i) => i > 0 && lines[i - 1]!.startsWith('┌'))
        .flatMap((l) => l.split('│').map((c) => c.trim()));
      const keys = lines
        .filter((l) => /^\S/.test(l) && !l.startsWith('┌') && !l.startsWith('│') && !l.startsWith('└'))
        .map((l) => l.split(/\s{2,}/)[0]!.trim());
      const english = (t: string) => (en.labels as Record<string, string>)[t] !== undefined && !SAME.has(t);
      expect([...headings, ...keys].filter((t) => t && english(t))).toEqual([]);

      const enJson = await cli([...args, '--at', AT, '--lang', 'en', '--json']);
      const koJson = await cli([...args, '--at', AT, '--lang', 'ko', '--json']);
      expect(koJson.code).toBe(enJson.code);
      // --at fixes every assessment timestamp; captured_at is when the files were read (the real clock).
      const readTime = (s: string) => s.replace(/"captured_at": "[^"]+"/g, '"captured_at": "<read time>"');
      expect(readTime(koJson.stdout)).toBe(readTime(enJson.stdout));
      expect(koJson.stdout.length).toBe(enJson.stdout.length);
    });
  }

  it('warnings: stderr prints warning.<code> from the params in Korean; JSON keeps the English message and params', async () => {
    const args = ['summary', '--source', 'fixtures/kepler/fake-meter/fake-vm-1.prom'];
    const koRun = await cli([...args, '--lang', 'ko']);
    expect(koRun.stderr).toContain(
      'kcarbon: 경고: fixtures/kepler/fake-meter/fake-vm-1.prom: 노드 fake-vm-1:',
    );
    expect(koRun.stderr).toContain('가짜 CPU 미터');
    const json = JSON.parse((await cli([...args, '--lang', 'ko', '--json'])).stdout);
    expect(json.warnings).toEqual([
      {
        code: 'fake-meter',
        message:
          "fixtures/kepler/fake-meter/fake-vm-1.prom: node fake-vm-1 uses Kepler's fake CPU meter; its figures are not measured",
        params: { origin: 'fixtures/kepler/fake-meter/fake-vm-1.prom', node: 'fake-vm-1' },
        nodes: ['fake-vm-1'],
      },
    ]);
  });

  it('the progress line on a terminal is Korean too', async () => {
    const r = await cli(['top', '--demo', '--at', AT, '--lang', 'ko'], {}, undefined, true);
    expect(r.stderr).toContain('\rkcarbon: 소스 읽는 중: 5개 중 5개 완료\x1b[K');
  });

  it('checks say in Korean what each standard is (the carbon reference is no legal limit); statuses are Korean', async () => {
    const r = await cli(['assess', 'ml-training-job', '--demo', '--at', AT, '--lang', 'ko']);
    expect(r.stdout).toContain('KR_CARBON_2050 (참고 기준, 법정 한도 아님)');
    expect(r.stdout).toContain('KR_PUE_GREEN_DC (그린데이터센터 인증)');
    // A PUE is labelled by its name, not by the English unit word 'ratio'.
    expect(r.stdout).toMatch(/│ +PUE 1\.135 │/);
    expect(r.stdout).not.toMatch(/\bratio\b/);
    expect(r.stdout).toContain('준수');
    expect(r.stdout).toContain('선택한 모든 검사를 준수합니다');
  });

  it('LANG=ko_KR.UTF-8 selects Korean; --lang en overrides it; a bad --lang is exit 2', async () => {
    const viaEnv = await cli(['summary', '--demo', '--at', AT], { LANG: 'ko_KR.UTF-8' });
    expect(viaEnv.stdout).toContain('총 전력');
    const forced = await cli(['summary', '--demo', '--at', AT, '--lang', 'en'], { LANG: 'ko_KR.UTF-8' });
    expect(forced.stdout).toContain('Total power');
    const bad = await cli(['summary', '--demo', '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang 'fr'/);
  });

  it('markdown and HTML reports in Korean', async () => {
    const md = await cli(['report', '--demo', '--at', AT, '--lang', 'ko', '-o', 'markdown']);
    expect(md.stdout).toMatch(/^## ✅ 통과: 워크로드 \d+개 모두/m);
    expect(md.stdout).toContain('### 네임스페이스');
    const html = await cli(['report', '--demo', '--at', AT, '--lang', 'ko', '-o', 'html']);
    expect(html.stdout).toContain('lang="ko"');
    expect(html.stdout).toContain('상위 소비자');
  });

  it('--help in Korean (titles, summaries, options); exit codes and tool names unchanged', async () => {
    const h = await cli(['assess', '--help', '--lang', 'ko']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('사용법:');
    expect(h.stdout).toContain('옵션:');
    expect(h.stdout).toContain('워크로드 하나의 전력, 배출량, 규정 준수');
    expect(h.stdout).toContain('--grid <provider>');
    const top = await cli(['--help', '--lang', 'ko']);
    expect(top.stdout).toContain('명령:');
    // The commands list in the usage line's words.
    expect(top.stdout).toMatch(/^ {2}assess \[옵션\] <workload> /m);
    expect(top.stdout).toMatch(/^ {2}help \[명령\] /m);
    expect(top.stdout).not.toMatch(/\[options\]|\[command\]/);
  });
});

describe('schema findings (zod issues) worded from their facts', () => {
  const schema = z.object({
    n: z.number().int().min(1).max(10),
    s: z.string().max(3),
    e: z.enum(['A', 'B']),
    l: z.array(z.string()).min(2),
  });
  const good = { n: 5, s: 'ab', e: 'A', l: ['x', 'y'] };
  const cases: [Record<string, unknown>, string][] = [
    [{ n: 0 }, '1 이상이어야 합니다'],
    [{ n: 11 }, '10 이하여야 합니다'],
    [{ n: 'x' }, '숫자 값이 필요합니다 (받은 값: 문자열)'],
    [{ s: 'abcd' }, '3자 이하여야 합니다'],
    [{ e: 'C' }, '다음 중 하나여야 합니다: "A", "B"'],
    [{ l: ['x'] }, '2개 이상이어야 합니다'],
  ];
  for (const [patch, korean] of cases) {
    it(`${JSON.stringify(patch)}: Korean '${korean}', English is zod's own message`, () => {
      const value = { ...good, ...patch };
      const issue = schema.safeParse(value).error!.issues[0]!;
      const m = issueMsg(issue, valueAt(value, issue.path));
      expect(renderMsg(m)).toBe(issue.message);
      expect(renderMsg(m, ko.errors as Parameters<typeof renderMsg>[1])).toBe(korean);
    });
  }
  it("a schema's own message stays as written", () => {
    const refined = z.string().refine((v) => v === 'ok', { message: 'must be ok' });
    const issue = refined.safeParse('no').error!.issues[0]!;
    expect(renderMsg(issueMsg(issue, 'no'), ko.errors as Parameters<typeof renderMsg>[1])).toBe('must be ok');
  });
});
