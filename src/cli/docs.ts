/**
 * README tables generated from the registry and the option table (one source of truth).
 * `npm run docs` rewrites the marked blocks; a test fails when README.md is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../commands/registry.js';
import { GLOBAL_OPTIONS } from './global-options.js';

const cell = (s: string) => s.replaceAll('|', '\\|');

export function commandsTable(): string {
  const rows = COMMANDS.map((c) => {
    const args = c.args
      .map((a) => (a.required ? ` ${a.name.toUpperCase()}` : ` [${a.name.toUpperCase()}]`))
      .join('');
    const opts = c.options.map((o) => `\`${/--[\w-]+/.exec(o.flags)?.[0]}\``).join(' ');
    return `| \`kcarbon ${c.name}${args}\` | \`${c.tool}\` | ${cell(c.summary)} | ${opts} |`;
  });
  return ['| Command | MCP tool | What it does | Own options |', '|---|---|---|---|', ...rows].join('\n');
}

export function optionsTable(): string {
  const rows = GLOBAL_OPTIONS.map(
    (o) => `| \`${o.flags}\` | ${o.env ? `\`${o.env}\`` : ''} | ${cell(o.description)} |`,
  );
  return ['| Option | Env | Meaning |', '|---|---|---|', ...rows].join('\n');
}

export function renderReadme(text: string): string {
  const put = (src: string, name: string, body: string) =>
    src.replace(
      new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`),
      (_m, a: string, b: string) => `${a}${body}${b}`,
    );
  return put(put(text, 'commands', commandsTable()), 'options', optionsTable());
}

export const README = fileURLToPath(new URL('../../README.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
}
