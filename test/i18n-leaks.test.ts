/**
 * No English leaks into Korean output: every command (table, markdown, html), at a point in time and over a
 * period, with warnings (fake meter, GPU node), optimizations and the notes of checks (EU_EED, DE_ENEFG), rendered with --lang ko carries no English
 * phrase of the catalogue and no untranslated English sentence (names, units, identifiers and the data's own
 * texts — region names, sources, attributions from config/ — allowed); and the JSON is byte-identical to
 * --lang en.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { ko } from '../src/i18n/ko.js';
import { cli } from './support/cli.js';
import { type Fake, fakeElectricityMaps } from './support/grid-fakes.js';
import { startServer } from './support/servers.js';

const AT = '2026-01-15T05:00:00Z';
const MARK = '\u0001';

/** A param object that answers every property with the marker (every optional branch taken). */
const anyParams = new Proxy({}, { get: (_t, p) => (p === 'case' ? undefined : MARK), has: () => false });

/** Every text a catalogue section yields: strings, list items, and functions called with markers. */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(texts);
  if (typeof v === 'function') {
    const fn = v as (...a: unknown[]) => string;
    const args = Array.from({ length: Math.max(fn.length, 1) }, (_, i) => (i === 0 ? anyParams : MARK));
    const calls = [
      args,
      Array.from({ length: fn.length }, () => MARK),
      Array.from({ length: fn.length }, () => 7),
      Array.from({ length: fn.length }, (_, i) => (i === 0 ? false : MARK)),
      Array.from({ length: fn.length }, (_, i) => (i === 0 ? 0 : MARK)),
    ];
    return calls.flatMap((a) => {
      try {
        return [String(fn(...a))];
      } catch {
        return [];
      }
    });
  }
  if (v && typeof v === 'object') return Object.values(v).flatMap(texts);
  return [];
}

/** Runs of two or more English words in a text (markers, digits and punctuation break runs). */
const RUN = /[A-Za-z][A-Za-z']*(?: [A-Za-z][A-Za-z']*)+/g;
const runs = (s: string) => s.match(RUN) ?? [];
const wordy = (r: string) => r.split(' ').some((w) => /[a-z]/.test(w) && w.length >= 3);

// Korean texts but --help's (which quotes flags and values in English).
const koTexts = texts({ ...ko, help: {} }).join('\n');
/** English phrases of the catalogue: word runs of English texts that no Korean text also contains (names, units). */
const PHRASES = [
  ...new Set(
    texts(en)
      .flatMap(runs)
      .filter((r) => wordy(r) && !koTexts.includes(r)),
  ),
].sort((a, b) => b.length - a.length);
/** Single-word labels (statuses, headings, priorities), matched as whole words ('Pod' is also a workload kind). */
const WORDS = Object.keys(en.labels).filter(
  (l) =>
    /^[A-Za-z_]+$/.test(l) &&
    !koTexts.includes(l) &&
    !['KR_CARBON_2050', 'KR_PUE_GREEN_DC', 'Pod'].includes(l),
);

/** Strings of the data (config/*.json: region names, sources, attributions), which stay as published. */
function dataStrings(): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const f of readdirSync('config').filter((n) => n.endsWith('.json')))
    walk(JSON.parse(readFileSync(`config/${f}`, 'utf8')));
  // Parts of sources as renderers cite them (before the first ';').
  return [...new Set(out.flatMap((s) => [s, s.split(';')[0]!]))]
    .filter((s) => s.length > 3)
    .sort((a, b) => b.length - a.length);
}
const DATA = dataStrings();
const DATA_YEARS = [
  ...new Set(DATA.filter((d) => /\(\d{4}\)/.test(d)).map((d) => d.replace(/\(\d{4}\)/, '(YEAR)'))),
].map(
  (d) =>
    new RegExp(
      d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\(YEAR\\)', '\\(\\d{4}(?:, \\d{4})*\\)'),
      'g',
    ),
);

/** What a reader sees: HTML without tags, styles and entities; the data's own texts removed. */
function visible(out: string): string {
  let s = out
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  // An attribution of several years of the same data is said once with its years (render/human.ts).
  for (const d of DATA_YEARS) s = s.replace(d, ' ');
  for (const d of DATA) s = s.split(d).join(' ');
  // Lines of warnings start with the program's prefix (worded by the CLI's catalogue).
  return s.replace(/^kcarbon: [^:\s]+: /gm, '');
}

/** English the Korean output may still carry: names and identifiers that read like words. */
const ALLOWED: RegExp[] = [/^kcarbon config (show|schema)$/];

function leaks(out: string): string[] {
  const text = visible(out);
  const found = new Set<string>();
  for (const p of PHRASES) if (text.includes(p)) found.add(p);
  for (const w of WORDS) if (new RegExp(`(?<![\\w/-])${w}(?![\\w/-])`).test(text)) found.add(w);
  // Any other English sentence: three or more words of two letters or more in a row.
  for (const r of text.match(/[A-Za-z]{2,}(?:,? [A-Za-z]{2,}){2,}/g) ?? [])
    if (!ALLOWED.some((a) => a.test(r)) && /[a-z]{3}/.test(r)) found.add(r);
  return [...found];
}

const W = ['ml-training-job'];
const RUNS: string[][] = [
  ['assess', ...W, '--demo'],
  ['assess', ...W, '--demo', '--since', '24h'],
  ['assess', 'daytime-etl', '--demo', '--since', '24h'],
  ['list', '--demo'],
  ['list', '--demo', '--since', '24h'],
  // Namespace budgets (batch: 5.68 W, 1.99 kg a month, both over): the list's check lines under its table.
  ['list', '--demo', '--config', 'fixtures/config/namespace-budgets.json'],
  ['summary', '--demo'],
  ['summary', '--demo', '--since', '24h'],
  ['top', '--demo'],
  ['top', '--demo', '--since', '24h'],
  ['hotspots', '--demo', '--threshold', '5'],
  ['compare', ...W, '--demo'],
  ['regions', ...W, '--demo'],
  ['schedule', ...W, '--demo'],
  ['standards'],
  // A reporting duty, a limit not yet in force and an alternative variant: each check's note.
  ['assess', 'postgres', '--demo', '--standard', 'EU_EED,DE_ENEFG', '--region', 'eu-central-1'],
  ['config', 'show'],
  ['report', '--demo'],
  ['report', '--demo', '--since', '24h'],
  ['summary', '--source', 'fixtures/kepler/fake-meter/fake-vm-1.prom'],
  ['hotspots', '--source', 'fixtures/kepler/gpu-node/gpu-a100-1.prom', '--threshold', '1'],
  ['list', '--source', 'fixtures/seed/fake-meter-zones.prom'],
];
const FORMATS: string[][] = [[], ['-o', 'markdown'], ['-o', 'html']];

/** Korean table, markdown and html without leaks, and the JSON of --lang en and ko byte-identical. */
async function checkRun(args: string[], at = AT, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const found: Record<string, string[]> = {};
  for (const f of FORMATS) {
    const r = await cli([...args, '--at', at, '--lang', 'ko', ...f], env);
    expect(r.code, r.stderr).toBeLessThan(2);
    const l = leaks(r.stdout + r.stderr);
    if (l.length) found[f.join(' ') || 'table'] = l;
  }
  expect(found).toEqual({});
  const enJson = await cli([...args, '--at', at, '--lang', 'en', '--json'], env);
  const koJson = await cli([...args, '--at', at, '--lang', 'ko', '--json'], env);
  expect(koJson.code).toBe(enJson.code);
  // captured_at is when the files were read (the real clock); every other byte is the same.
  const readTime = (s: string) => s.replace(/"captured_at": "[^"]+"/g, '"captured_at": "<read time>"');
  expect(readTime(koJson.stdout)).toBe(readTime(enJson.stdout));
}

describe('--lang ko: no English leaks', () => {
  it('the catalogue yields English phrases to look for', () => {
    expect(PHRASES.length).toBeGreaterThan(200);
    expect(PHRASES).toContain('running pods');
    expect(WORDS).toContain('COMPLIANT');
  });

  it('the check finds the English of --lang en (so a fallback to English would fail it)', async () => {
    for (const f of FORMATS) {
      const r = await cli(['hotspots', '--demo', '--threshold', '5', '--at', AT, '--lang', 'en', ...f]);
      expect(leaks(r.stdout)).toEqual(expect.arrayContaining(['COMPLIANT', 'size requests and consolidate']));
    }
    const w = await cli(['summary', '--source', 'fixtures/kepler/fake-meter/fake-vm-1.prom', '--lang', 'en']);
    expect(leaks(w.stderr)).toContain("uses Kepler's fake CPU meter");
  });

  it('GitHub annotations of a non-compliant list (Tokyo grid) in Korean', async () => {
    const r = await cli([
      'list',
      '--demo',
      '--region',
      'ap-northeast-1',
      '--at',
      AT,
      '--lang',
      'ko',
      '-o',
      'github',
    ]);
    expect(r.stdout).toContain('초과 [KR_CARBON_2050/reference-intensity, 참고 기준]');
    expect(leaks(r.stdout)).toEqual([]);
  });

  for (const args of RUNS) {
    it(`${args.join(' ')}: table, markdown and html in Korean; JSON identical to --lang en`, () =>
      checkRun(args));
  }

  it("list: a namespace budget's check line in Korean, its unit too", async () => {
    const config = ['--config', 'fixtures/config/namespace-budgets.json'];
    const r = await cli(['list', '--demo', ...config, '--at', AT, '--lang', 'ko']);
    expect(r.stdout).toContain('네임스페이스 batch max-kg-month: 1.990 kgCO2e/월 (<= 1) 미준수');
    expect(r.stdout).toContain('네임스페이스 batch max-watts: 5.68 W (<= 5) 미준수');
  });

  it('config show: where each setting came from in Korean (user config, environment)', async () => {
    const config = ['--config', 'fixtures/config/namespace-budgets.json'];
    const r = await cli(['config', 'show', ...config, '--lang', 'ko'], { KCARBON_REGION: 'ap-northeast-2' });
    expect(r.stdout).toMatch(/사용자 설정 \S*fixtures\/config\/namespace-budgets\.json/);
    expect(r.stdout).toContain('환경 변수 KCARBON_REGION');
    expect(r.stdout).not.toMatch(/user config|env KCARBON/);
  });

  it('the carbon check line names its basis in Korean, with and without a period', async () => {
    for (const period of [[], ['--since', '24h']]) {
      const r = await cli(['assess', ...W, '--demo', '--at', AT, ...period, '--lang', 'ko']);
      const line = r.stdout.split('\n').find((l) => l.startsWith('탄소 검사'));
      expect(line, period.join(' ')).toMatch(/상시 가동 가정, 이력 없음|기간, 시간 가중/);
      expect(line).not.toMatch(/steady-state|hour-weighted/);
    }
  });
});

/** A loopback port nothing listens on (bound, then closed: connecting to it is refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('--lang ko with partial data (one source refused)', () => {
  for (const command of ['list', 'report']) {
    it(`${command}: the incomplete-data footer, the failed source and the report bullet in Korean`, async () => {
      const source = `http://127.0.0.1:${await closedPort()}/metrics,fixtures/demo`;
      await checkRun([command, '--source', source, '--allow-partial']);
    });
  }
});

describe('--lang ko with a forecasting grid provider (fake Electricity Maps on loopback)', () => {
  const T = Date.parse(AT);
  const at = new Date(T + 20 * 60_000).toISOString();
  let em: Fake;
  let grid: string[];
  const env = { ELECTRICITYMAPS_API_TOKEN: 'k' };
  beforeAll(async () => {
    em = await fakeElectricityMaps({ t: T, token: 'k' });
    const cache = mkdtempSync(path.join(tmpdir(), 'kcarbon-ko-grid-'));
    grid = ['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', cache];
  });
  afterAll(() => em?.close());

  for (const args of [
    ['schedule', ...W, '--demo'],
    ['assess', ...W, '--demo'],
    ['compare', ...W, '--demo'],
  ]) {
    it(`${args.join(' ')} --grid electricitymaps: forecast windows and live figures in Korean`, () =>
      checkRun([...args, ...grid], at, env));
  }

  it('schedule searches the forecast and says so in Korean', async () => {
    const r = await cli(['schedule', ...W, '--demo', ...grid, '--at', at, '--lang', 'ko'], env);
    expect(r.stdout).toContain('electricitymaps 예측');
    expect(r.stdout).toContain('참고용 전형적인 하루');
  });

  it('each way a provider fails is worded in Korean (429, HTTP error, not JSON, refused token, closed port), warning and --grid-strict error', async () => {
    const notJson = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>oops</html>');
    });
    const fakes = [
      await fakeElectricityMaps({
        t: T,
        token: 'k',
        rateLimit: { path: '/latest', times: 9, retryAfter: '120' },
      }),
      await fakeElectricityMaps({ t: T, token: 'k', refuse: { path: '/latest', status: 500 } }),
      await fakeElectricityMaps({ t: T, token: 'other' }),
    ];
    const cases: Array<[string, RegExp, RegExp]> = [
      [
        fakes[0]!.url('/v3'),
        /요청 한도를 넘었습니다 \(429\)\. 120초 뒤에 다시 시도할 수 있습니다/,
        /rate limited|retry after/,
      ],
      [fakes[1]!.url('/v3'), /latest: HTTP 500 오류 응답: refused \/latest/, /HTTP 500 for/],
      [notJson.url('/v3'), /latest의 응답이 JSON이 아닙니다/, /did not answer JSON/],
      [
        fakes[2]!.url('/v3'),
        /latest: 인증에 실패했습니다 \(401\): Invalid authentication credentials/,
        /Unauthorized for/,
      ],
      [
        `http://127.0.0.1:${await closedPort()}/v3`,
        /latest: 연결이 거부되었습니다/,
        /ECONNREFUSED|connection refused/,
      ],
    ];
    try {
      for (const [url, korean, english] of cases) {
        const args = ['schedule', ...W, '--demo', '--at', at, '--lang', 'ko', '--grid', 'electricitymaps'];
        const run = [
          ...args,
          '--grid-url',
          url,
          '--grid-cache',
          mkdtempSync(path.join(tmpdir(), 'kcarbon-ko-')),
        ];
        const r = await cli(run, env);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(korean);
        expect(r.stderr).not.toMatch(english);
        // the provider's own message is quoted as it sent it
        const own = ['refused /latest', 'Invalid authentication credentials'];
        expect(leaks(own.reduce((t, o) => t.split(o).join(''), r.stderr))).toEqual([]);
        const strict = await cli([...run, '--grid-strict'], env);
        expect(strict.code).toBe(3);
        expect(strict.stderr).toMatch(korean);
        expect(strict.stderr).not.toMatch(english);
      }
    } finally {
      await Promise.all([notJson, ...fakes].map((f) => f.close()));
    }
  });

  it('a provider that fails: the grid-fallback warning in Korean', async () => {
    const r = await cli(['assess', ...W, '--demo', ...grid, '--at', at, '--lang', 'ko'], {});
    expect(r.stderr).toContain('전력망 데이터 제공자 electricitymaps');
    expect(r.stderr).toContain('API 토큰이 없습니다');
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  });
});
