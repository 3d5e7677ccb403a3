/**
 * Colour decided once per run (cli-conventions.md §5): --no-color > --color > NO_COLOR >
 * FORCE_COLOR > non-TTY or TERM=dumb > on. Machine formats never use a Style with colour.
 */
import { Chalk, type ChalkInstance } from 'chalk';

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

export function makeStyle(
  color: boolean,
  opts: { width?: number; headers?: boolean; wide?: boolean } = {},
): Style {
  return {
    color,
    c: new Chalk({ level: color ? 1 : 0 }),
    ...(opts.width ? { width: opts.width } : {}),
    ...(opts.headers === false ? { headers: false } : {}),
    ...(opts.wide ? { wide: true } : {}),
  };
}

export { terminalWidth } from '../util/terminal.js';

export const plainStyle: Style = makeStyle(false);
