/**
 * The gate policy is data: fail_on (and allow_partial) are inputs of every gating command, applied by the
 * gate and recorded in the result's `gate` block; the headline of every format (markdown, html, the report's
 * table) and the CLI exit code read that record. On the demo with only warnings (a voluntary certification
 * band): fail_on error passes, warning fails, never passes — from the CLI and from an MCP client alike.
 */

import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { cli } from './support/cli.js';
import { AT, type Connected, connectStdio } from './support/mcp.js';
import { closedPort } from './support/servers.js';

/** Every workload fails only KR_PUE_GREEN_DC, a voluntary certification band (severity warning by default). */
const DATA = ['--at', AT, '--intensity', '300', '--pue', '1.9'];
const WARNINGS = ['--demo', ...DATA, '--standard', 'KR_PUE_GREEN_DC'];

const POLICIES = [
  // shown: the headline's word for people (markdown, html, table); a report-only run with findings gated nothing,
  // so it says FINDINGS, not PASS (the JSON verdict stays the gate's).
  { fail_on: 'error', passed: true, code: 0, policy: 'fails on errors', shown: 'PASS', md: '✅ PASS' },
  {
    fail_on: 'warning',
    passed: false,
    code: 1,
    policy: 'fails on errors and warnings',
    shown: 'FAIL',
    md: '❌ FAIL',
  },
  {
    fail_on: 'never',
    passed: true,
    code: 0,
    policy: 'report only: findings never fail',
    shown: 'FINDINGS',
    md: '⚠️ FINDINGS',
  },
] as const;

/** The gate block of the demo's warning-only run under a policy (14 warnings, nothing excused, complete data). */
const gateOf = (p: (typeof POLICIES)[number]) => ({
  fail_on: p.fail_on,
  allow_partial: false,
  errors: 0,
  warnings: 14,
  excused: 0,
  complete: true,
  passed: p.passed,
});

describe('fail_on from the CLI: recorded gate, headline of every format, exit code', () => {
  for (const p of POLICIES) {
    const verdict = p.passed ? 'PASS' : 'FAIL';
    it(`--fail-on ${p.fail_on}: ${verdict}, exit ${p.code}`, async () => {
      const json = await cli(['list', ...WARNINGS, '--fail-on', p.fail_on, '--json']);
      expect(json.code, json.stderr).toBe(p.code);
      expect(JSON.parse(json.stdout).gate).toMatchObject(gateOf(p));

      const md = await cli(['list', ...WARNINGS, '--fail-on', p.fail_on, '-o', 'markdown']);
      expect(md.code).toBe(p.code);
      expect(md.stdout).toContain(
        `**${p.md}**: no failing checks of severity error, 14 of severity warning (${p.policy})`,
      );
      const html = await cli(['assess', 'postgres', ...WARNINGS, '--fail-on', p.fail_on, '-o', 'html']);
      expect(html.code).toBe(p.code);
      expect(html.stdout).toContain(`<p class="verdict ${p.shown.toLowerCase()}"><strong>${p.md}</strong>`);
      expect(html.stdout).toContain(`(${p.policy})`);

      const report = await cli(['report', ...WARNINGS, '--fail-on', p.fail_on, '--json']);
      expect(report.code).toBe(p.code);
      const r = JSON.parse(report.stdout);
      expect(r.verdict).toBe(verdict);
      expect(r.history_entry.verdict).toBe(verdict);
      expect(r.gate).toMatchObject({ fail_on: p.fail_on, passed: p.passed });
      const table = await cli(['report', ...WARNINGS, '--fail-on', p.fail_on]);
      expect(table.code).toBe(p.code);
      expect(table.stdout.split('\n')[0]).toBe(`${p.shown}: ${r.headline} (${p.policy})`);
      const rmd = await cli(['report', ...WARNINGS, '--fail-on', p.fail_on, '-o', 'markdown']);
      expect(rmd.stdout.split('\n')[0]).toBe(`## ${p.md}: ${r.headline} (${p.policy})`);
      const rhtml = await cli(['report', ...WARNINGS, '--fail-on', p.fail_on, '-o', 'html']);
      expect(rhtml.stdout).toContain(`<span class="verdict ${p.shown.toLowerCase()}">${p.shown}</span>`);
      expect(rhtml.stdout).toContain(`<title>${p.shown} · `);
    });
  }

  it('--no-fail is fail_on never; --exit-code only maps a failing recorded gate', async () => {
    const never = JSON.parse((await cli(['list', ...WARNINGS, '--no-fail', '--json'])).stdout);
    expect(never.gate).toMatchObject({ fail_on: 'never', passed: true });
    expect((await cli(['list', ...WARNINGS, '--fail-on', 'warning', '--exit-code', '7'])).code).toBe(7);
    expect((await cli(['list', ...WARNINGS, '--fail-on', 'error', '--exit-code', '7'])).code).toBe(0);
  });

  it('SARIF carries the recorded verdict and policy in the invocation property bag', async () => {
    for (const p of POLICIES) {
      const sarif = JSON.parse(
        (await cli(['list', ...WARNINGS, '--fail-on', p.fail_on, '-o', 'sarif'])).stdout,
      );
      expect(sarif.runs[0].invocations[0].properties.gate).toEqual(gateOf(p));
    }
  });

  it('JUnit says whether a warning fails under the recorded policy', async () => {
    const strict = (await cli(['list', ...WARNINGS, '--fail-on', 'warning', '-o', 'junit'])).stdout;
    expect(strict).toContain('Warning (fails the gate: fail_on warning)');
    const lax = (await cli(['list', ...WARNINGS, '-o', 'junit'])).stdout;
    expect(lax).toContain('Warning (does not fail the gate: fail_on error)');
  });

  it('partial data fails the recorded gate (exit 3) unless allow_partial, whatever fail_on says', async () => {
    const node = join(DEMO_DIR, 'ip-10-0-1-17.ap-northeast-2.compute.internal.prom');
    const source = `${node},http://127.0.0.1:${await closedPort()}/metrics`;
    const args = ['list', '--source', source, '--retries', '0', ...DATA, '-q'];
    const partial = await cli([...args, '--fail-on', 'never', '--json']);
    expect(partial.code).toBe(3);
    expect(JSON.parse(partial.stdout).gate).toMatchObject({ complete: false, passed: false });
    const md = await cli([...args, '-o', 'markdown']);
    expect(md.stdout).toMatch(
      /\*\*❌ FAIL\*\*: incomplete data: sources failed or series left out; no failing checks/,
    );
    const accepted = await cli([...args, '--allow-partial', '--json']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout).gate).toMatchObject({
      allow_partial: true,
      complete: false,
      passed: true,
    });
  });

  it('Korean headline names the policy from the catalogue', async () => {
    const ko = await cli(['report', ...WARNINGS, '--fail-on', 'warning', '--lang', 'ko', '-o', 'markdown']);
    expect(ko.code).toBe(1);
    expect(ko.stdout.split('\n')[0]).toMatch(/^## ❌ 실패: .*\(오류 또는 경고 심각도 결과가 있으면 실패\)$/);
  });
});

describe('fail_on from an MCP client: the same recorded gate and verdict', () => {
  let mcp: Connected;
  beforeAll(async () => {
    mcp = await connectStdio(['--demo', ...DATA]);
  });
  afterAll(async () => {
    await mcp?.close();
  });
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await mcp.client.callTool({ name, arguments: args })) as CallToolResult;
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    return r.structuredContent as Record<string, unknown> & { gate: Record<string, unknown> };
  };

  it('the tools list fail_on and allow_partial with their values', async () => {
    const { tools } = await mcp.client.listTools();
    for (const name of ['assess_workload_compliance', 'list_workloads_by_compliance', 'generate_report']) {
      const props = tools.find((t) => t.name === name)!.inputSchema.properties as Record<
        string,
        { enum?: string[]; type?: string }
      >;
      expect(props.fail_on?.enum, name).toEqual(['error', 'warning', 'never']);
      expect(props.allow_partial?.type, name).toBe('boolean');
    }
  });

  for (const p of POLICIES) {
    it(`fail_on ${p.fail_on}: passed ${p.passed} in list, assess and report`, async () => {
      const args = { standard: 'KR_PUE_GREEN_DC', fail_on: p.fail_on };
      const list = await call('list_workloads_by_compliance', args);
      expect(list.gate).toMatchObject({ fail_on: p.fail_on, warnings: 14, passed: p.passed });
      const assess = await call('assess_workload_compliance', { ...args, workload_name: 'postgres' });
      expect(assess.gate).toMatchObject({ fail_on: p.fail_on, warnings: 1, passed: p.passed });
      const report = await call('generate_report', args);
      expect(report.gate).toMatchObject({ fail_on: p.fail_on, passed: p.passed });
      expect(report.verdict).toBe(p.passed ? 'PASS' : 'FAIL');
    });
  }

  it('without fail_on the gate fails on errors only', async () => {
    const list = await call('list_workloads_by_compliance', { standard: 'KR_PUE_GREEN_DC' });
    expect(list.gate).toMatchObject({ fail_on: 'error', allow_partial: false, passed: true });
  });
});
