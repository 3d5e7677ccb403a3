/** The package version (package.json), read once; the bundle has it built in (scripts/bundle.mjs). */
import { readFileSync } from 'node:fs';

declare const __KCARBON_VERSION__: string | undefined;

export const VERSION: string =
  typeof __KCARBON_VERSION__ === 'string'
    ? __KCARBON_VERSION__
    : JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
