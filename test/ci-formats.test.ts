/**
 * CI integrations: SARIF validated against the SARIF 2.1.0 JSON schema (the one @microsoft/jest-sarif ships),
 * JUnit parsed and checked for unique names and counts, GitHub annotations line by line, and every requested
 * report written even when the run ends with exit 2 or 3.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { originUri } from '../src/render/sarif.js';
import { cli, spawnCli } from './support/cli.js';
import { closedPort } from './support/servers.js';

const require = createRequire(import.meta.url);
const schema = { ...require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') };
// The schema is draft-04 (`id`); its keywords are otherwise the same in the draft ajv speaks.
schema.$id = schema.id;
delete schema.id;
delete schema.$schema;
// CommonJS packages: their default export is the constructor / plugin.
const Ajv = require('ajv').default as typeof import('ajv').default;
const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const tmp = mkdtempSync(join(tmpdir(), 'kcarbon-ci-'));
const AT = ['--at', '2026-01-16T05:00:00Z'];
const FAILING = ['list', '--demo', ...AT, '--intensity', '600'];
const MIXED = ['list', '--demo', ...AT, '--intensity', '600', '--pue', '1.9'];

function sarifOk(text: string) {
  const doc = JSON.parse(text);
  const ok = validateSarif(doc);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors?.slice(0, 3))).toEqual([]);
  expect(ok).toBe(true);
  return doc;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (n) => n === 'testcase',
});

describe('SARIF', () => {
  it('list, assess and report validate against the SARIF 2.1.0 schema, with GitHub extras', async () => {
    for (const args of [
      MIXED,
      ['assess', 'postgres', '--demo', ...AT, '--intensity', '600'],
      ['report', '--demo', ...AT, '--intensity', '600'],
    ]) {
      const r = await cli([...args, '-o', 'sarif']);
      const run = sarifOk(r.stdout).runs[0];
      expect(run.automationDetails.id).toBe(`kcarbon/${args[0]}/`);
      expect(run.results.length).toBeGreaterThan(0);
      for (const rule of run.tool.driver.rules) {
        expect(rule.name).toMatch(/^[A-Za-z0-9]+$/);
        expect(rule.helpUri).toMatch(/^https:\/\//);
        expect(rule.shortDescription.text).not.toBe('');
      }
      for (const res of run.results) {
        expect(res.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^k8s\/[^/]+\/[^/]+\.yaml$/);
        expect(['error', 'warning']).toContain(res.level);
      }
    }
    const levels = sarifOk((await cli([...MIXED, '-o', 'sarif'])).stdout).runs[0].results.map(
      (x: { level: string }) => x.level,
    );
    expect(new Set(levels)).toEqual(new Set(['error', 'warning']));
  });

  it('an empty run is valid SARIF with results: []', async () => {
    const r = await cli(['list', '--demo', ...AT, '--intensity', '100', '-o', 'sarif']);
    expect(r.code).toBe(0);
    expect(sarifOk(r.stdout).runs[0].results).toEqual([]);
  });
});

describe('a namespace budget finding', () => {
  it('has its own fingerprint beside a workload named like its namespace (the demo: kepler/kepler)', async () => {
    const config = join(tmp, 'kepler-budgets.json');
    writeFileSync(
      config,
      JSON.stringify({
        budgets: {
          namespaces: { kepler: { maxKgMonth: 0.5 } },
          workloads: { 'kepler/kepler': { maxKgMonth: 0.5 } },
        },
      }),
    );
    const sarif = sarifOk((await cli(['list', '--demo', ...AT, '--config', config, '-o', 'sarif'])).stdout);
    const budgets = sarif.runs[0].results.filter(
      (r: { ruleId: string; message: { text: string } }) =>
        r.ruleId === 'BUDGET/max-kg-month' && /kepler/.test(r.message.text),
    );
    expect(budgets).toHaveLength(2);
    const hashes = budgets.map(
      (r: { partialFingerprints: { primaryLocationLineHash: string } }) =>
        r.partialFingerprints.primaryLocationLineHash,
    );
    expect(new Set(hashes).size).toBe(2);
  });

  it('points at the namespace (its manifest, the config that sets the budget), with a command that works', async () => {
    const config = join(tmp, 'ns-budget.json');
    writeFileSync(config, JSON.stringify({ budgets: { namespaces: { batch: { maxKgMonth: 1 } } } }));
    const args = ['list', '--demo', ...AT, '--config', config];
    const sarif = sarifOk((await cli([...args, '-o', 'sarif'])).stdout);
    const budget = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'BUDGET/max-kg-month');
    expect(budget.locations[0].physicalLocation.artifactLocation.uri).toBe('k8s/batch/namespace.yaml');
    expect(budget.message.text).toMatch(/^namespace batch: .* set in config budgets\.namespaces\["batch"\]/);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'BUDGET/max-kg-month');
    expect(rule.shortDescription.text).not.toMatch(/^Workload budget/);
    const junit = (await cli([...args, '-o', 'junit'])).stdout;
    expect(junit).toContain('Remediation: kcarbon list -n batch lists its workloads');
    expect(junit).not.toContain('kcarbon assess batch -n batch');
    // The command the hint names runs.
    expect((await cli(['list', '--demo', ...AT, '--config', config, '-n', 'batch', '--json'])).code).toBe(1);
  });
});

describe('SARIF locations', () => {
  it('a path with a space, a % or Hangul is a percent-encoded uri-reference; an empty or {unknown} pattern is exit 2', async () => {
    const r = await cli([
      ...FAILING,
      '--sarif-location',
      'deploy/my apps/{namespace}/{name}%원.yaml',
      '-o',
      'sarif',
    ]);
    expect(r.code).toBe(1);
    const uris = sarifOk(r.stdout).runs[0].results.map(
      (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        x.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain('deploy/my%20apps/ai-team/ml-training-job%25%EC%9B%90.yaml');
    for (const [value, says] of [
      ['', '--sarif-location is empty'],
      ['k8s/{foo}.yaml', "--sarif-location 'k8s/{foo}.yaml' has {foo}: only {namespace} and {name}"],
    ]) {
      const bad = await cli([...FAILING, '--sarif-location', value!, '-o', 'sarif']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`kcarbon: error: ${says}`);
    }
  });
});

describe('SARIF notifications', () => {
  it("a failed source's origin (a space or % in its path, a Prometheus target) is a uri-reference", async () => {
    const dir = join(tmp, 'my dumps%');
    mkdirSync(dir, { recursive: true });
    const demo = new URL('../fixtures/demo/', import.meta.url);
    for (const f of readdirSync(demo).filter((n) => n.endsWith('.prom')))
      copyFileSync(new URL(f, demo), join(dir, f));
    // One node's dump cut mid-line: a failed source.
    const cut = join(dir, 'ip-10-0-1-208.ap-northeast-2.compute.internal.prom');
    writeFileSync(cut, readFileSync(cut, 'utf8').slice(0, 5000));
    const r = await cli(['list', '--source', dir, ...AT, '--allow-partial', '-o', 'sarif']);
    const uris = sarifOk(r.stdout).runs[0].invocations[0].toolExecutionNotifications.map(
      (n: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        n.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain(
      `${join(tmp, 'my%20dumps%25')}/ip-10-0-1-208.ap-northeast-2.compute.internal.prom`,
    );
    expect(originUri('http://127.0.0.1:9090/ target 10.0.1.208:28282')).toBe(
      'http://127.0.0.1:9090/%20target%2010.0.1.208%3A28282',
    );
    expect(originUri('http://[::1]:9090 (rate over 1h)')).toBe('http://[::1]:9090/%20(rate%20over%201h)');
    const uriReference = ajv.compile({ type: 'string', format: 'uri-reference' });
    for (const o of [
      'http://127.0.0.1:9090/ target 10.0.1.208:28282',
      'http://[::1]:9090 (rate over 1h)',
      '/a b/c%d',
      '-',
    ])
      expect(uriReference(originUri(o)), o).toBe(true);
  });
});

describe('JUnit', () => {
  it('characters XML 1.0 cannot hold (U+FFFE, U+FFFF, C0 controls, lone surrogates) are written as \\uXXXX', async () => {
    const { xmlEscape } = await import('../src/render/junit.js');
    expect(xmlEscape('x\ufffe\uffffy\u0001 a&b \u{1f600} \ud800z')).toBe(
      'x\\ufffe\\uffffy\\u0001 a&amp;b \u{1f600} \\ud800z',
    );
    xml.parse(`<a b="${xmlEscape('\ufffe')}">${xmlEscape('\uffff\u0008')}</a>`);
  });

  it('parses; (classname, name) unique; counts match; file attribute on every check case', async () => {
    // Under fail_on warning both severities fail the gate, so both are <failure> cases.
    const r = await cli([...MIXED, '--fail-on', 'warning', '-o', 'junit']);
    const doc = xml.parse(r.stdout);
    const suites = doc.testsuites;
    const suite = suites.testsuite;
    const cases = suite.testcase as Record<string, unknown>[];
    const keys = cases.map((c) => `${c.classname}|${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const failures = cases.filter((c) => c.failure).length;
    const skipped = cases.filter((c) => c.skipped).length;
    expect(Number(suite.tests)).toBe(cases.length);
    expect(Number(suite.failures)).toBe(failures);
    expect(Number(suite.skipped)).toBe(skipped);
    expect(Number(suites.tests)).toBe(cases.length);
    expect(failures).toBe(28); // every workload: carbon (error) and PUE band (warning)
    for (const c of cases) expect(String(c.file)).toMatch(/^k8s\/.+\.yaml$/);
    const allowed = new Set(['classname', 'name', 'file', 'time']);
    for (const c of cases)
      for (const k of Object.keys(c))
        if (!['failure', 'skipped', 'system-out', 'error'].includes(k)) expect(allowed).toContain(k);
    const types = new Set(cases.filter((c) => c.failure).map((c) => (c.failure as { type: string }).type));
    expect(types).toEqual(new Set(['error', 'warning']));
  });
});

describe('a status filter changes what is shown, never the findings a CI report carries', () => {
  it('--status COMPLIANT on a failing gate: SARIF, JUnit and annotations still carry the hidden workload findings', async () => {
    // The demo's day: batch/nightly-report fails KR_CARBON_2050 (exit 1).
    const run = ['list', '--demo', '--since', '24h', '--status', 'COMPLIANT'];
    const json = JSON.parse((await cli([...run, '--json'])).stdout);
    expect(json.workloads.every((w: { status: string }) => w.status === 'COMPLIANT')).toBe(true);
    expect(
      json.hidden_findings.map(
        (w: { namespace: string; workload: string }) => `${w.namespace}/${w.workload}`,
      ),
    ).toEqual(['batch/nightly-report']);
    const junit = await cli([...run, '-o', 'junit']);
    expect(junit.code).toBe(1);
    const suite = xml.parse(junit.stdout).testsuites.testsuite;
    const failed = (suite.testcase as Record<string, unknown>[]).filter((c) => c.failure);
    expect(failed.map((c) => c.classname)).toEqual(['batch/CronJob/nightly-report']);
    expect(Number(suite.failures)).toBe(1);
    const sarif = sarifOk((await cli([...run, '-o', 'sarif'])).stdout).runs[0];
    expect(sarif.results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'KR_CARBON_2050/reference-intensity',
    ]);
    const github = (await cli([...run, '-o', 'github'])).stdout.split('\n');
    expect(github.filter((l) => l.startsWith('::error ')).length).toBe(1);
    // A filter that hides nothing failing adds no field.
    const shown = JSON.parse(
      (await cli(['list', '--demo', '--since', '24h', '--status', 'NON_COMPLIANT', '--json'])).stdout,
    );
    expect(shown.hidden_findings).toBeUndefined();
  });
});

describe('GitHub annotations', () => {
  it('-o github: one line per finding, level by severity, escaped properties', async () => {
    const r = await cli([...MIXED, '-o', 'github']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(29);
    const verdict = lines.pop();
    for (const l of lines)
      expect(l).toMatch(
        /^::(error|warning) file=k8s\/[^,]+\.yaml,line=1,title=kcarbon [A-Z0-9_]+\/[a-z-]+::[^\n]+$/,
      );
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(14);
    expect(lines[0]).toContain('ai-team/ml-training-job (Job/DaemonSet)');
    // Last, the gate's verdict: what a run with nothing to point at still shows.
    expect(verdict).toBe(
      '::notice title=kcarbon list::❌ FAIL: 14 failing checks of severity error, 14 of severity warning (fails on errors)',
    );
    const passing = await cli(['list', '--demo', ...AT, '--intensity', '100', '-o', 'github']);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/^::notice title=kcarbon list::✅ PASS: [^\n]+\n$/);
  });

  it('a failed source is one error naming it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-gh-'));
    const cut = join(dir, 'cut.prom');
    writeFileSync(cut, 'kepler_build_info{version="v0.11.2"} 1\nkepler_node_cpu_watts{zone="pack');
    const good = new URL('../fixtures/samples/SYNTHETIC_new-0.11.2_worker-1_text-0.0.4.prom', import.meta.url)
      .pathname;
    const r = await cli(['list', '--source', `${good},${cut}`, ...AT, '-o', 'github']);
    const errors = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error title=kcarbon%3A source failed::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.split(cut)).toHaveLength(2);
    // In Korean the reason is Korean too, as its title (and markdown) are.
    const ko = await cli(['list', '--source', `${good},${cut}`, ...AT, '-o', 'github', '--lang', 'ko']);
    const koError = ko.stdout.split('\n').find((l) => l.startsWith('::error title=kcarbon%3A \uc18c\uc2a4'));
    expect(koError).toContain(
      '\uc2a4\ud2b8\ub9bc\uc774 \uc904 \uc911\uac04\uc5d0\uc11c \ub05d\ub0a9\ub2c8\ub2e4',
    );
    expect(koError).not.toContain('stream ends');
  });

  it('a run that cannot run (exit 2) annotates why on stdout, as --report github=FILE does', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kcarbon-gh-empty-'));
    const file = join(empty, 'report', 'gh.txt');
    const r = await cli(['list', '--source', empty, ...AT, '-o', 'github', '--report', `github=${file}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /^::error title=kcarbon list could not run::directory .* holds no metrics files.*\(exit 2\)\n$/,
    );
    expect(readFileSync(file, 'utf8')).toBe(r.stdout);
    expect(r.stderr).toMatch(/kcarbon: error: directory .* holds no metrics files/);
  });

  it('under GITHUB_ACTIONS=true a failing gate prints them on stderr after its output; --no-annotations and a passing gate do not', async () => {
    const env = { GITHUB_ACTIONS: 'true' };
    const failing = await cli([...FAILING, '--json'], env);
    expect(failing.code).toBe(1);
    JSON.parse(failing.stdout); // stdout stays JSON
    expect(failing.stderr.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(14);
    const off = await cli([...FAILING, '--json', '--no-annotations'], env);
    expect(off.stderr).not.toMatch(/^::/m);
    const passing = await cli(['list', '--demo', ...AT, '--intensity', '100'], env);
    expect(passing.stderr).not.toMatch(/^::/m);
    const notGithub = await cli([...FAILING, '--json']);
    expect(notGithub.stderr).not.toMatch(/^::/m);
  });
});

describe('--report files', () => {
  it('a directory given for a file: exit 2, one line naming a file in it', async () => {
    const r = await cli([...FAILING, '--report', `sarif=${tmp}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kcarbon: error: cannot write sarif report to ${tmp}: is a directory — give a file, e.g. --report sarif=${join(tmp, 'kcarbon.sarif')}`,
    ]);
  });

  it('creates missing directories', async () => {
    const file = join(tmp, 'a', 'b', 'kcarbon.sarif');
    const r = await cli([...FAILING, '--report', `sarif=${file}`]);
    expect(r.code).toBe(1);
    sarifOk(readFileSync(file, 'utf8'));
  });

  it('a directory that cannot be made (a file on the way, a path under /proc): exit 2 and one line, at once', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    for (const target of [join(file, 'k.sarif'), join(file, 'sub', 'k.sarif')]) {
      const r = await cli([...FAILING, '--report', `sarif=${target}`]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `kcarbon: error: cannot write sarif report to ${target}: a parent of it is not a directory`,
      ]);
    }
    if (!existsSync('/proc/self')) return;
    // Spawned with a time limit: Node's recursive mkdir of /proc/nope never returns (100 % CPU).
    const r = await spawnCli([...FAILING, '--report', 'sarif=/proc/nope/x.sarif'], {}, undefined, 15_000);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'kcarbon: error: cannot write sarif report to /proc/nope/x.sarif: no such file or directory',
    ]);
  });

  it('one report that cannot be written loses nothing: the others keep the findings, the output is printed, exit 2 names it', async () => {
    const dir = join(tmp, 'partial-write');
    const sarif = join(dir, 'k.sarif');
    const md = join(dir, 'k.md');
    const bad = join(tmp, 'a-file-2');
    writeFileSync(bad, 'x');
    const r = await cli([
      ...FAILING,
      '--report',
      `sarif=${sarif}`,
      '--report',
      `junit=${join(bad, 'k.xml')}`,
      '--report',
      `markdown=${md}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/NON_COMPLIANT/);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kcarbon: wrote sarif report to ${sarif}`,
      `kcarbon: wrote markdown report to ${md}`,
      `kcarbon: error: cannot write junit report to ${join(bad, 'k.xml')}: a parent of it is not a directory`,
    ]);
    const log = sarifOk(readFileSync(sarif, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
    expect(readFileSync(md, 'utf8')).toMatch(/❌ FAIL/);
  });

  it('two reports into one file: exit 2 before anything is written', async () => {
    const file = join(tmp, 'twice', 'r.out');
    const r = await cli([...FAILING, '--report', `sarif=${file}`, '--report', `junit=${file}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kcarbon: error: --report names ${file} twice (sarif and junit): the second would overwrite the first — give each report its own file`,
    ]);
    expect(existsSync(file)).toBe(false);
  });

  it('exit 3 (source unreachable) and exit 2 (usage) still write every requested report, valid and saying why', async () => {
    const port = await closedPort();
    for (const [args, code] of [
      [['list', '--source', `http://127.0.0.1:${port}/metrics`, '--retries', '0'], 3],
      [['list', '--demo', '--at', 'yesterday'], 2],
    ] as [string[], number][]) {
      const dir = join(tmp, `exit${code}`, 'reports');
      const files = {
        sarif: join(dir, 'k.sarif'),
        junit: join(dir, 'k.xml'),
        markdown: join(dir, 'k.md'),
        json: join(dir, 'k.json'),
      };
      const r = await cli([...args, ...Object.entries(files).flatMap(([f, p]) => ['--report', `${f}=${p}`])]);
      expect(r.code).toBe(code);
      for (const p of Object.values(files)) expect(existsSync(p)).toBe(true);
      const sarif = sarifOk(readFileSync(files.sarif, 'utf8')).runs[0];
      expect(sarif.results).toEqual([]);
      expect(sarif.invocations[0].executionSuccessful).toBe(false);
      expect(sarif.invocations[0].exitCode).toBe(code);
      expect(sarif.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/could not run/);
      const junit = xml.parse(readFileSync(files.junit, 'utf8')).testsuites;
      expect(junit).toMatchObject({ tests: '1', errors: '1', failures: '0' });
      expect(readFileSync(files.markdown, 'utf8')).toMatch(/could not run/);
      const failed = JSON.parse(readFileSync(files.json, 'utf8'));
      expect(failed.error.exit_code).toBe(code);
      // The JSON envelope, as on every result: no figures, so metrics and data_used are null.
      expect(Object.keys(failed)).toEqual([
        'schema_version',
        'command',
        'timestamp',
        'error',
        'metrics',
        'data_used',
        'warnings',
      ]);
    }
  });
});

describe('--report files when commander refuses the command line', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  const cases: [string, (sarif: string, junit: string) => string[], RegExp][] = [
    [
      'an unknown option',
      (s, j) => ['list', '--demo', '--bogus', '--report', `sarif=${s}`, '--report', `junit=${j}`],
      /unknown option '--bogus'/,
    ],
    [
      'an option missing its value',
      (s, j) => ['list', '--demo', `--report=sarif=${s}`, '--report', `junit=${j}`, '--region'],
      /argument missing/,
    ],
    [
      'an extra argument',
      (s, j) => ['list', 'extra', '--demo', '--report', `sarif=${s}`, '--report', `junit=${j}`],
      /too many arguments/,
    ],
  ];
  cases.forEach(([what, args, why], i) => {
    it(`${what}: exit 2 and every requested report is written, valid and saying why`, async () => {
      const dir = join(tmp, `refused${i}`, 'o');
      const sarifFile = join(dir, 'z.sarif');
      const junitFile = join(dir, 'z.xml');
      const r = await cli(args(sarifFile, junitFile));
      expect(r.code).toBe(2);
      const run = sarifOk(readFileSync(sarifFile, 'utf8')).runs[0];
      expect(run.results).toEqual([]);
      expect(run.invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 2 });
      expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(why);
      expect(run.automationDetails.id).toMatch(/^kcarbon\/list\//);
      const junit = xml.parse(readFileSync(junitFile, 'utf8')).testsuites;
      expect(junit).toMatchObject({ tests: '1', errors: '1', failures: '0' });
      expect(junit.testsuite.testcase.error['#text']).toMatch(why);
    });
  });

  it('the JSON report is the failure envelope, stamped with --at like any failed run', async () => {
    const file = join(tmp, 'refused-json', 'k.json');
    const r = await cli([
      'list',
      '--demo',
      '--at',
      '2026-01-15T05:00:00Z',
      '--bogus',
      '--report',
      `json=${file}`,
    ]);
    expect(r.code).toBe(2);
    const failed = JSON.parse(readFileSync(file, 'utf8'));
    expect(failed).toMatchObject({ command: 'list', timestamp: '2026-01-15T05:00:00.000Z' });
    expect(failed.error.exit_code).toBe(2);
  });
});
