/**
 * Gate controls: --exit-code, --fail-on / --no-fail, severities per check, exceptions (config and
 * .kcarbonignore.yaml) with expiry; each exit code with and without exceptions. SARIF levels and JUnit follow.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { cli } from './support/cli.js';
import { closedPort } from './support/servers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kcarbon-gate-'));
const AT = '2026-01-16T05:00:00Z';
/** Every workload fails KR_CARBON_2050 (severity error by default). */
const ERRORS = ['list', '--demo', '--at', AT, '--intensity', '600', '--standard', 'KR_CARBON_2050'];
/** Every workload fails only KR_PUE_GREEN_DC, a voluntary certification band (warning by default). */
const WARNINGS = [
  'list',
  '--demo',
  '--at',
  AT,
  '--intensity',
  '300',
  '--pue',
  '1.9',
  '--standard',
  'KR_PUE_GREEN_DC',
];

function config(name: string, body: object): string {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

const excuseAll = config('excuse.json', {
  exceptions: [
    { check: 'KR_CARBON_2050', reason: 'migration to eu-north-1 planned for Q2', expires: '2026-06-30' },
  ],
});
const expiredAll = config('expired.json', {
  exceptions: [{ check: 'KR_CARBON_2050', reason: 'was planned for 2025', expires: '2026-01-15' }],
});
const excuseOne = config('one.json', {
  exceptions: [
    { workload: 'ai-team/ml-training-job', reason: 'training runs are moved by hand' },
    { namespace: 'nowhere', reason: 'left over' },
  ],
});

describe('exit codes of the gate', () => {
  const cases: [string, string[], number][] = [
    ['errors fail by default', ERRORS, 1],
    ['--exit-code sets the code of a failing gate', [...ERRORS, '--exit-code', '9'], 9],
    ['--fail-on never', [...ERRORS, '--fail-on', 'never'], 0],
    ['--no-fail is --fail-on never', [...ERRORS, '--no-fail'], 0],
    ['warnings pass by default', WARNINGS, 0],
    ['--fail-on warning fails on warnings', [...WARNINGS, '--fail-on', 'warning'], 1],
    [
      '--fail-on WARNINGS (any case, plural) with --exit-code',
      [...WARNINGS, '--fail-on', 'WARNINGS', '--exit-code', '4'],
      4,
    ],
    ['exceptions excuse every error', [...ERRORS, '--config', excuseAll], 0],
    ['exceptions and --exit-code', [...ERRORS, '--config', excuseAll, '--exit-code', '9'], 0],
    ['an expired exception counts again', [...ERRORS, '--config', expiredAll], 1],
    ['an expired exception with --exit-code', [...ERRORS, '--config', expiredAll, '--exit-code', '9'], 9],
    ['one workload excused, the rest fail', [...ERRORS, '--config', excuseOne], 1],
    ['--status filters what is shown, never the gate', [...ERRORS, '--status', 'compliant'], 1],
    ['--status with every finding excused', [...ERRORS, '--status', 'compliant', '--config', excuseAll], 0],
    ['--exit-code 2 is refused (usage)', [...ERRORS, '--exit-code', '2'], 2],
    ['--fail-on nonsense (usage)', [...ERRORS, '--fail-on', 'sometimes'], 2],
    ['--no-fail with --fail-on warning (usage)', [...ERRORS, '--no-fail', '--fail-on', 'warning'], 2],
  ];
  for (const [what, args, code] of cases) {
    it(`${what}: exit ${code}`, async () => {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(code);
    });
  }

  it('an invalid exception is a config error (exit 2) naming the file and key', async () => {
    const bad = config('bad.json', { exceptions: [{ workload: 'ai-team/x' }] });
    const r = await cli([...ERRORS, '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: exceptions\[0\]\.reason/);
  });

  it('partial data exits 3 with and without exceptions (reliability first)', async () => {
    const source = `${join(DEMO_DIR, 'ip-10-0-1-17.ap-northeast-2.compute.internal.prom')},http://127.0.0.1:${await closedPort()}/metrics`;
    const args = ['list', '--source', source, '--retries', '0', '--at', AT, '--intensity', '600', '-q'];
    expect((await cli(args)).code).toBe(3);
    expect((await cli([...args, '--config', excuseAll])).code).toBe(3);
    expect((await cli([...args, '--config', excuseAll, '--allow-partial'])).code).toBe(0);
    expect((await cli([...args, '--config', expiredAll, '--allow-partial'])).code).toBe(1);
  });
});

describe('budgets that name nothing read', () => {
  it('a budget for a workload or namespace not in the run is a warning naming the closest name; out of scope, none', async () => {
    const typo = config('typo-budgets.json', {
      budgets: {
        workloads: {
          'production/web-frontnd': { maxWatts: 1 },
          'production/web-frontend': { maxWatts: 100 },
        },
        namespaces: { prodution: { maxWatts: 1 } },
      },
    });
    const r = await cli(['list', '--demo', '--at', AT, '--config', typo, '--json']);
    expect(r.code).toBe(0); // the budgets that match pass; the typos judge nothing, and say so
    const unused = JSON.parse(r.stdout).warnings.filter((w: { code: string }) => w.code === 'budget-unused');
    expect(unused.map((w: { params: unknown }) => w.params)).toEqual([
      { budget: 'workloads["production/web-frontnd"]', suggestion: 'production/web-frontend' },
      { budget: 'namespaces["prodution"]', suggestion: 'production' },
    ]);
    expect(r.stderr).toContain('config budgets.workloads["production/web-frontnd"] matches no workload');
    const other = await cli(['list', '--demo', '--at', AT, '--config', typo, '-n', 'batch', '--json']);
    expect(JSON.parse(other.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain(
      'budget-unused',
    );
  });
});

describe('the gate block, warnings and reports', () => {
  it('counts errors, warnings and excused over every workload; reports unused and expired entries', async () => {
    const one = JSON.parse((await cli([...ERRORS, '--config', excuseOne, '--json'])).stdout);
    expect(one.gate).toMatchObject({ errors: 13, warnings: 0, excused: 1 });
    expect(one.gate.exceptions_applied).toEqual([
      expect.objectContaining({ workload: 'ai-team/ml-training-job', excused: 1 }),
    ]);
    expect(one.gate.exceptions_unused).toEqual([expect.objectContaining({ namespace: 'nowhere' })]);
    expect(one.warnings).toContainEqual(expect.objectContaining({ code: 'exception-unused' }));
    const ml = one.workloads.find((w: { workload: string }) => w.workload === 'ml-training-job');
    expect(ml.checks[0].excused).toMatchObject({ reason: 'training runs are moved by hand' });
    // The table says which failed check is excused, and that excused findings do not fail the gate.
    const table = (await cli([...ERRORS, '--config', excuseOne])).stdout;
    expect(table).toMatch(/^ai-team +ml-training-job .*KR_CARBON_2050\/reference-intensity \(excused\)$/m);
    expect(table).toMatch(/^ai-team +model-serving .*KR_CARBON_2050\/reference-intensity$/m);
    expect(table).toMatch(/; 1 finding excused by exceptions \(not failing the gate\)$/m);

    const expired = await cli([...ERRORS, '--config', expiredAll, '--json']);
    const e = JSON.parse(expired.stdout);
    expect(e.gate).toMatchObject({ errors: 14, excused: 0 });
    expect(e.gate.exceptions_expired).toHaveLength(1);
    expect(expired.stderr).toMatch(
      /exception expired, its findings count again: check KR_CARBON_2050 \(expires 2026-01-15\)/,
    );
  });

  it('an exception is unused only within what the run looked at, and not when an earlier one excused its finding', async () => {
    const file = config('scope.json', {
      exceptions: [
        { workload: 'production/api-gateway', reason: 'waived', expires: '2099-12-31' },
        // Overlaps the waiver above (its finding is excused once, by the first): it is not "unused".
        {
          namespace: 'production',
          check: 'KR_CARBON_2050',
          reason: 'whole namespace',
          expires: '2099-12-31',
        },
        // A namespace -n production and assess api-gateway do not look at: nothing to say there.
        { namespace: 'batch', reason: 'moving', expires: '2099-12-31' },
      ],
    });
    const unused = async (args: string[]) =>
      JSON.parse((await cli([...args, '--config', file, '--json'])).stdout).gate.exceptions_unused.map(
        (e: { namespace?: string; workload?: string }) => e.workload ?? e.namespace,
      );
    expect(await unused([...ERRORS, '-n', 'production'])).toEqual([]);
    expect(
      await unused(['assess', 'api-gateway', '-n', 'production', '--demo', '--at', AT, '--intensity', '600']),
    ).toEqual([]);
    // Every namespace: batch's workloads all fail KR_CARBON_2050 at 600 g/kWh, so its exception is used too.
    expect(await unused(ERRORS)).toEqual([]);
    // An entry whose only findings an earlier entry excused is not unused (it would take over when that one
    // expires); a cluster-wide one (no namespace) says nothing in a -n run, where it may excuse findings elsewhere.
    const overlap = config('overlap.json', {
      exceptions: [
        { workload: 'production/api-gateway', reason: 'waived', expires: '2099-12-31' },
        {
          workload: 'production/api-gateway',
          check: 'KR_CARBON_2050',
          reason: 'longer',
          expires: '2100-12-31',
        },
        { check: 'KR_PUE_GREEN_DC', reason: 'no such finding in production' },
      ],
    });
    const o = JSON.parse((await cli([...ERRORS, '-n', 'production', '--config', overlap, '--json'])).stdout);
    expect(o.gate.exceptions_unused).toEqual([]);
    expect(o.gate.exceptions_applied).toEqual([expect.objectContaining({ reason: 'waived', excused: 1 })]);
    // And one for a namespace that is nowhere is unused in an every-namespace run (a typo).
    const typo = config('typo.json', { exceptions: [{ namespace: 'prodution', reason: 'typo' }] });
    const t = JSON.parse((await cli([...ERRORS, '--config', typo, '--json'])).stdout);
    expect(t.gate.exceptions_unused).toEqual([expect.objectContaining({ namespace: 'prodution' })]);
  });

  it('severity comes from config: a standard, a check or a legal status', async () => {
    const asWarning = config('sev.json', { severity: { KR_CARBON_2050: 'warning' } });
    const r = await cli([...ERRORS, '--config', asWarning, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).gate).toMatchObject({ errors: 0, warnings: 14 });
    const asError = config('sev2.json', { severity: { 'voluntary-certification': 'error' } });
    expect((await cli([...WARNINGS, '--config', asError])).code).toBe(1);
  });

  it('SARIF level and JUnit failure type follow severity; excused findings are suppressed / skipped', async () => {
    const warn = await cli([...WARNINGS, '-o', 'sarif']);
    const results = JSON.parse(warn.stdout).runs[0].results;
    expect(results.length).toBe(14);
    expect(new Set(results.map((x: { level: string }) => x.level))).toEqual(new Set(['warning']));
    const junitWarn = (await cli([...WARNINGS, '--fail-on', 'warning', '-o', 'junit'])).stdout;
    expect(junitWarn).toContain('<failure type="warning"');
    expect(junitWarn).not.toContain('<failure type="error"');

    const excused = JSON.parse((await cli([...ERRORS, '--config', excuseOne, '-o', 'sarif'])).stdout).runs[0]
      .results;
    const suppressed = excused.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions[0]).toMatchObject({
      kind: 'external',
      justification: 'training runs are moved by hand',
    });
    const junit = (await cli([...ERRORS, '--config', excuseOne, '-o', 'junit'])).stdout;
    expect(junit).toMatch(/<skipped message="excused">excused: training runs are moved by hand<\/skipped>/);
    expect(junit.match(/<failure type="error"/g)).toHaveLength(13);
  });

  it('JUnit follows the gate: findings that do not fail it are skipped cases saying so, not failures', async () => {
    // `list --demo --pue 1.8`: 14 warnings, the gate passes (exit 0), so no test may be red.
    const pass = await cli(['list', '--demo', '--at', AT, '--pue', '1.8', '-o', 'junit']);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(
      /<testsuites name="kcarbon" tests="\d+" failures="0" errors="0" skipped="14"/,
    );
    expect(pass.stdout).not.toContain('<failure');
    expect(pass.stdout).toMatch(
      /<skipped message="warning: 1\.8 &gt; 1\.4, does not fail the gate \(fail_on error\)">Warning \(does not fail the gate/,
    );
    // The same findings under fail_on warning: the gate fails (exit 1) and they are failures.
    const strict = await cli([
      'list',
      '--demo',
      '--at',
      AT,
      '--pue',
      '1.8',
      '--fail-on',
      'warning',
      '-o',
      'junit',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout.match(/<failure type="warning"/g)).toHaveLength(14);
    expect(strict.stdout).toMatch(/failures="14" errors="0" skipped="0"/);
    // Errors under fail_on never pass the gate: skipped too; under the default they stay failures.
    const never = await cli([...ERRORS, '--fail-on', 'never', '-o', 'junit']);
    expect(never.code).toBe(0);
    expect(never.stdout).not.toContain('<failure');
    expect(never.stdout).toContain('Error (does not fail the gate: fail_on never)');
    expect((await cli([...ERRORS, '-o', 'junit'])).stdout.match(/<failure type="error"/g)).toHaveLength(14);
  });

  it('.kcarbonignore.yaml in the working directory or above is read', async () => {
    const project = mkdtempSync(join(tmpdir(), 'kcarbon-ignore-'));
    const sub = join(project, 'deploy', 'k8s');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub, { recursive: true });
    writeFileSync(
      join(project, '.kcarbonignore.yaml'),
      'exceptions:\n  - check: KR_CARBON_2050\n    reason: grid contract under negotiation\n    expires: 2026-03-31\n',
    );
    const before = process.cwd();
    process.chdir(sub);
    try {
      const r = await cli([...ERRORS, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.gate.excused).toBe(14);
      expect(j.gate.exceptions_applied[0].file).toBe(join(project, '.kcarbonignore.yaml'));
      const later = await cli([
        'list',
        '--demo',
        '--at',
        '2026-04-01T05:00:00Z',
        '--intensity',
        '600',
        '--standard',
        'KR_CARBON_2050',
      ]);
      expect(later.code).toBe(1);
    } finally {
      process.chdir(before);
    }
  });
});

describe('the ignore file is checked like a config file', () => {
  /** Run ERRORS in a fresh project whose .kcarbonignore.yaml holds `body`. */
  async function withIgnore(body: string, extra: string[] = []) {
    const project = mkdtempSync(join(tmpdir(), 'kcarbon-ignore-'));
    writeFileSync(join(project, '.kcarbonignore.yaml'), body);
    const before = process.cwd();
    process.chdir(project);
    try {
      return { r: await cli([...ERRORS, ...extra]), file: join(project, '.kcarbonignore.yaml') };
    } finally {
      process.chdir(before);
    }
  }
  const entry = (expires: string) =>
    `exceptions:\n  - check: KR_CARBON_2050\n    reason: contract\n    expires: ${expires}\n`;

  for (const day of ['2026-13-45', '2026-11-31', '2027-02-29']) {
    it(`an impossible expiry day (${day}) is a config error naming the file and key, not an excuse`, async () => {
      const { r, file } = await withIgnore(entry(day));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${file}: exceptions[0].expires: expected a real calendar date YYYY-MM-DD`);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.includes('error:')),
      ).toHaveLength(1);
    });
  }

  it('an impossible expiry day in a config file is refused the same way', async () => {
    const bad = config('bad-day.json', {
      exceptions: [{ check: 'KR_CARBON_2050', reason: 'contract', expires: '2026-02-30' }],
    });
    const r = await cli([...ERRORS, '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: exceptions[0].expires: expected a real calendar date YYYY-MM-DD`);
  });

  it('a real day, leap day included, is accepted', async () => {
    const { r } = await withIgnore(entry('2028-02-29'), ['--json']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('an entry without a reason names exceptions[N].reason (list or object form, en and ko)', async () => {
    const listForm = await withIgnore('- check: KR_CARBON_2050\n');
    expect(listForm.r.code).toBe(2);
    expect(listForm.r.stderr).toContain(`${listForm.file}: exceptions[0].reason: `);
    expect(listForm.r.stderr).not.toMatch(/Invalid input$/m);
    const objectForm = await withIgnore(
      'exceptions:\n  - check: KR_CARBON_2050\n    reason: ok\n  - check: KR_PUE_GREEN_DC\n',
      ['--lang', 'ko'],
    );
    expect(objectForm.r.code).toBe(2);
    expect(objectForm.r.stderr).toContain(`${objectForm.file}: exceptions[1].reason: 문자열 값이 필요합니다`);
    const koDate = await withIgnore(entry('2026-11-31'), ['--lang', 'ko']);
    expect(koDate.r.stderr).toContain('exceptions[0].expires: 실제 있는 날짜를 YYYY-MM-DD로 쓰세요');
  });
});
