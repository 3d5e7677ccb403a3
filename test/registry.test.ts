import { describe, expect, it } from 'vitest';
import { gatePolicyShape } from '../src/carbon/gate.js';
import { COMMANDS } from '../src/commands/registry.js';

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

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
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
});
