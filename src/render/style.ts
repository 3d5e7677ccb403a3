/**
 * Colour decided once per run (cli-conventions.md §5): --no-color > --color > NO_COLOR >
 * FORCE_COLOR > non-TTY or TERM=dumb > on. Machine formats never use a Style with colour.
 */
import type { ChalkInstance } from 'chalk';

export interface Style {
  color: boolean;
  c: ChalkInstance;
  /** Terminal width in columns: tables shrink and wrap to fit, long lines wrap. Undefined = no limit (a pipe). */
  width?: number;
  /** False with --no-headers: tables without their header row. */
  headers?: boolean;
  /** -o wide: every column, secondary ones included. */
  wide?: boolean;
  /** The generic markdown reporter: tables become pipe tables, key-value blocks lists (empty values left out). */
  markdown?: boolean;
}

export function decideColor(opts: { flag?: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (opts.flag !== undefined) return opts.flag;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  const force = opts.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (!opts.isTTY || opts.env.TERM === 'dumb') return false;
  return true;
}

/**
 * Without colour a style is the text itself, as chalk gives it at level 0 (one argument as a string, several
 * joined by a space) through any chain of styles (c.red.bold). So a run that prints no colour (JSON, a pipe)
 * never imports chalk, whose terminal detection at import was about 1 ms.
 */
const PLAIN: ChalkInstance = new Proxy(
  (...text: unknown[]) => (text.length === 1 ? String(text[0]) : text.join(' ')),
  { get: (_target, key) => (key === 'level' ? 0 : PLAIN) },
) as unknown as ChalkInstance;

let colored: ChalkInstance | undefined;

/** Imports chalk for a coloured style: call it before makeStyle(true). */
export async function loadColor(): Promise<void> {
  colored ??= new (await import('chalk')).Chalk({ level: 1 });
}

export function makeStyle(
  color: boolean,
  opts: { width?: number; headers?: boolean; wide?: boolean } = {},
): Style {
  if (color && !colored) throw new Error('makeStyle(true) before loadColor()');
  return {
    color,
    c: color ? colored! : PLAIN,
    ...(opts.width ? { width: opts.width } : {}),
    ...(opts.headers === false ? { headers: false } : {}),
    ...(opts.wide ? { wide: true } : {}),
  };
}

export { terminalWidth } from '../util/terminal.js';

export const plainStyle: Style = makeStyle(false);
