import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gatePolicyShape } from '../src/carbon/gate.js';
import { OPTIMIZATION_TYPES } from '../src/carbon/optimizations.js';
import { SPECS } from '../src/commands/all.js';
import { STANDARDS } from '../src/commands/manifests.js';
import { COMMANDS } from '../src/commands/registry.js';
import { defineCommand } from '../src/commands/types.js';
import { HELP_EN } from '../src/i18n/help.js';

describe('the command registry', () => {
  it('has the 8 original tools (and standards), each name once', () => {
    const tools = COMMANDS.map((c) => c.tool);
    expect(new Set(tools).size).toBe(tools.length);
    expect(tools).toEqual(
      expect.arrayContaining([
        'assess_workload_compliance',
        'compare_optimization_impact',
        'list_workloads_by_compliance',
        'get_regional_comparison',
        'calculate_optimal_schedule',
        'identify_power_hotspots',
        'list_top_power_consumers',
        'get_power_consumption_summary',
      ]),
    );
  });

  it.each(SPECS.map((c) => [c.name, c] as const))(
    '%s: every input field is described and reachable from the CLI',
    (_n, spec) => {
      const shape = spec.input.shape as Record<string, { description?: string }>;
      // The gate policy inputs are fed by the shared gate flags (--fail-on / --no-fail, --allow-partial).
      const cli = new Set([
        ...spec.args.map((a) => a.key),
        ...spec.options.map((o) => o.key),
        'namespace',
        ...Object.keys(gatePolicyShape),
      ]);
      for (const [key, field] of Object.entries(shape)) {
        expect(field.description, `${spec.name}.${key} description`).toBeTruthy();
        expect(cli.has(key), `${spec.name}.${key} has no CLI flag or argument`).toBe(true);
      }
      for (const o of spec.options) expect(Object.keys(shape), `${spec.name} ${o.flags}`).toContain(o.key);
    },
  );

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: the manifest (what --help is built from) matches its lazily loaded implementation',
    async (_n, entry) => {
      const spec = await entry.load();
      expect(SPECS).toContain(spec);
      expect(spec.name).toBe(entry.name);
      expect(spec.tool).toBe(entry.tool);
      expect(spec.options).toBe(entry.options);
      expect(!!entry.namespaced, 'namespaced').toBe('namespace' in spec.input.shape);
      expect(!!entry.gating, 'gating').toBe(typeof spec.checkResults === 'function');
      // Every --help text is a key of the English help catalogue, so every language translates it.
      const texts = new Set<string>(Object.values(HELP_EN));
      for (const t of [entry.summary, entry.description, ...entry.options.map((o) => o.description)])
        expect(texts.has(t), t).toBe(true);
      for (const a of entry.args) expect(texts.has(a.description), a.description).toBe(true);
    },
  );

  it('compare --optimizations names every optimization type', () => {
    expect(HELP_EN.optimizations).toContain(OPTIMIZATION_TYPES.join(', '));
  });
});

describe('output schemas', () => {
  it('a command builds its output schema when it is first read (the MCP server), not when it is defined (a CLI run)', () => {
    let built = 0;
    const spec = defineCommand({
      ...STANDARDS,
      input: z.object({}),
      output: () => {
        built++;
        return z.object({ standards: z.array(z.string()) });
      },
      renderTable: () => '',
      run: async () => ({ standards: [] }),
    });
    expect(built).toBe(0);
    const keys = Object.keys((spec.output as unknown as z.ZodObject).shape);
    expect(keys).toEqual([
      'schema_version',
      'command',
      'timestamp',
      'standards',
      'metrics',
      'data_used',
      'warnings',
    ]);
    expect(spec.output).toBe(spec.output);
    expect(built).toBe(1);
  });
});
