/**
 * Colour decided once per run (cli-conventions.md §5): --no-color > --color > NO_COLOR >
 * FORCE_COLOR > non-TTY or TERM=dumb > on. Machine formats never use a Style with colour.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface Style {
  color: boolean;
  c: ChalkInstance;
}

export function decideColor(opts: { flag?: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (opts.flag !== undefined) return opts.flag;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  const force = opts.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (!opts.isTTY || opts.env.TERM === 'dumb') return false;
  return true;
}

export function makeStyle(color: boolean): Style {
  return { color, c: new Chalk({ level: color ? 1 : 0 }) };
}

export const plainStyle: Style = makeStyle(false);
