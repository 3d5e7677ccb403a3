/** `npm pack` of this checkout (after `npm run build`), without lifecycle scripts so it never rebuilds. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

function pack(args: string[]): PackResult {
  const out = execFileSync(NPM, ['pack', '--json', '--ignore-scripts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return (JSON.parse(out) as PackResult[])[0]!;
}

/** The paths `npm pack` would put in the tarball, sorted. */
export function packedFiles(): string[] {
  return pack(['--dry-run'])
    .files.map((f) => f.path)
    .sort();
}

/** Writes the tarball into `dir`; returns its path. */
export function packInto(dir: string): string {
  return `${dir}/${pack(['--pack-destination', dir]).filename}`;
}
