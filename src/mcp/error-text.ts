/**
 * A tool error in the tool's own words. The engine's messages name the CLI's ways of asking (`--within 2h`,
 * `-A`, `'kcarbon top'`): for an MCP client each becomes what it would pass instead, the command's parameter
 * (`within_hours`), leaving `namespace` out, or the tool's name (`list_top_power_consumers`). Flags that are the
 * server's own settings (`--source`, `--prometheus`...) are no parameter of any tool and stay as they are.
 */
import type { CommandManifest } from '../commands/manifests.js';

export function mcpErrorText(
  text: string,
  spec: Pick<CommandManifest, 'options'>,
  commands: readonly Pick<CommandManifest, 'name' | 'tool' | 'options'>[],
): string {
  let out = text;
  // The tool's own options first, then those of the other tools (a hint may point at another tool's parameter:
  // "the list_top_power_consumers tool --include-terminated").
  const done = new Set<string>();
  for (const o of [...spec.options, ...commands.flatMap((c) => c.options)]) {
    const long = /--[a-z][a-z0-9-]*/.exec(o.flags)?.[0];
    if (!long || done.has(long)) continue;
    done.add(long);
    out = out.replace(new RegExp(`${long}(?![a-z0-9-])`, 'g'), `\`${o.key}\``);
  }
  out = out.replace(/(^|[\s(])-A(?![\w-])/g, '$1no `namespace`');
  // "(-n ai-team)", "(-n NAMESPACE)": the namespace parameter.
  out = out.replace(/\(-n ([^\s)]+)\)/g, (_, v: string) =>
    v === 'NAMESPACE' ? '(`namespace`)' : `(\`namespace\`: ${v})`,
  );
  // Longest names first: `config show` before a command named `config`.
  for (const c of [...commands].sort((a, b) => b.name.length - a.name.length)) {
    out = out.replace(new RegExp(`'?kcarbon ${c.name}'?(?![a-z-])`, 'g'), `the ${c.tool} tool`);
  }
  // A client reads no config/ directory: resources/list names every region and standard.
  return out.replaceAll('(listed in config/)', '(resources/list names them all)');
}
