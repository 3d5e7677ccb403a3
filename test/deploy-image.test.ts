/**
 * The container image, checked without a Docker engine: the Dockerfile linted (dockerfile-utils, the
 * validator behind the VS Code Docker extension) and checked for structure; its runtime stage copies exactly
 * what `npm pack` ships (plus production node_modules); .dockerignore sends the builder everything it copies;
 * and the HEALTHCHECK one-liner run for real against `serve --transport http`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { childEnv, startHttpServe } from './support/mcp.js';
import { packedFiles, ROOT } from './support/pack.js';

const run = promisify(execFile);
const TEXT = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(TEXT);
const stages = dockerfile.getFROMs();
const all = dockerfile.getInstructions();
const finalFrom = stages.at(-1)!;
const finalStage = all.filter((i) => i.getRange().start.line > finalFrom.getRange().start.line);
const buildStage = all.filter(
  (i) =>
    i.getRange().start.line > stages[0]!.getRange().start.line &&
    i.getRange().start.line < finalFrom.getRange().start.line,
);
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const ofKind = (list: Instruction[], keyword: string) => list.filter((i) => i.getKeyword() === keyword);
/** A JSON-array (exec form) argument list. */
const execForm = (i: Instruction): string[] =>
  JSON.parse((i.getArgumentsContent() ?? '').replace(/^.*?(?=\[)/s, '').replace(/\\\n\s*/g, ''));

/** COPY sources without flags: [sources..., dest]. */
function copyParts(i: Instruction): { from?: string; sources: string[]; dest: string } {
  const from = (i as Copy).getFromFlag()?.getValue() ?? undefined;
  const rest = args(i).filter((p) => !p.startsWith('--'));
  return { from, sources: rest.slice(0, -1), dest: rest.at(-1)! };
}

/** .dockerignore with the subset of its syntax this repository uses: `**` and `!path[/]`; last match wins. */
function dockerIgnored(file: string): boolean {
  const lines = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  let ignored = false;
  for (const line of lines) {
    const negate = line.startsWith('!');
    const pattern = negate ? line.slice(1) : line;
    if (!/^(\*\*|[\w./-]+)$/.test(pattern)) throw new Error(`unsupported .dockerignore pattern ${line}`);
    const dir = pattern.replace(/\/$/, '');
    const matches = pattern === '**' || file === dir || file.startsWith(`${dir}/`);
    if (matches) ignored = !negate;
  }
  return ignored;
}

describe('Dockerfile', () => {
  it('passes the dockerfile-utils linter with every check at warning level or above', () => {
    const diagnostics = validate(TEXT).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(diagnostics).toEqual([]);
    // The linter is not vacuous: an unknown instruction and a relative WORKDIR are reported.
    expect(validate('FROM node:20-slim\nWORKDIR app\nCOPPY a b\n').length).toBeGreaterThanOrEqual(2);
  });

  it('is multi-stage on node:24-slim (a supported LTS), runs as a numeric non-root user, with kcarbon as the entrypoint', () => {
    expect(stages.map((s) => s.getImageName() + ':' + s.getImageTag())).toEqual([
      'node:24-slim',
      'node:24-slim',
    ]);
    expect(stages[0]!.getBuildStage()).toBe('build');
    expect(ofKind(all, 'ADD')).toEqual([]);
    const users = ofKind(finalStage, 'USER');
    expect(users).toHaveLength(1);
    const [uid, gid] = args(users[0]!)[0]!.split(':');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
    // Nothing runs as root after the switch, and nothing in the runtime stage installs packages.
    const afterUser = finalStage.filter((i) => i.getRange().start.line > users[0]!.getRange().start.line);
    expect(ofKind(afterUser, 'RUN')).toEqual([]);
    expect(ofKind(finalStage, 'RUN').map((i) => i.getArgumentsContent())).toEqual([
      'ln -s /app/bin/kcarbon.js /usr/local/bin/kcarbon',
    ]);
    expect(execForm(ofKind(finalStage, 'ENTRYPOINT')[0]!)).toEqual(['kcarbon']);
    expect(ofKind(finalStage, 'ENV').map((i) => i.getArgumentsContent())).toContain('NODE_ENV=production');
  });

  it('installs production dependencies only in what it ships', () => {
    const runs = ofKind(buildStage, 'RUN').map((i) => i.getArgumentsContent() ?? '');
    expect(runs.join('\n')).toMatch(/npm prune --omit=dev/);
    expect(runs.join('\n')).toMatch(/npm run build/);
    expect(runs.join('\n')).toMatch(/find dist -name '\*\.map' -delete/);
  });

  it('copies into the runtime stage exactly what npm pack ships, plus node_modules', () => {
    const packRoots = new Set(
      packedFiles().map((f) => (f.startsWith('fixtures/demo/') ? 'fixtures/demo' : f.split('/')[0]!)),
    );
    const copies = ofKind(finalStage, 'COPY').map(copyParts);
    expect(copies.every((c) => c.from === 'build')).toBe(true);
    const copied = new Set(
      copies.flatMap((c) => c.sources.map((s) => s.replace(/^\/src\//, '').replace(/\/$/, ''))),
    );
    expect([...copied].sort()).toEqual([...packRoots, 'node_modules'].sort());
    // The runtime user (uid 1000, not the files' owner) can read all of it whatever modes the checkout had
    // (umask 077 makes 0600 files): the build stage makes each copied path readable.
    const chmod = ofKind(buildStage, 'RUN')
      .map((i) => i.getArgumentsContent() ?? '')
      .join('\n')
      .match(/chmod -R a\+rX ([^\n&\\]+)/);
    expect(chmod, 'chmod -R a+rX in the build stage').not.toBeNull();
    expect(chmod![1]!.trim().split(/\s+/).sort()).toEqual([...copied].sort());
    // Each lands at the same path under /app.
    for (const c of copies) {
      if (c.sources.length === 1)
        expect(c.dest.replace(/^\.\//, '').replace(/\/$/, '')).toBe(
          c.sources[0]!.replace(/^\/src\//, '').replace(/\/$/, ''),
        );
      else expect(c.dest).toBe('./');
    }
  });

  it('sends the builder every file it copies, and nothing else (.dockerignore)', () => {
    const fromContext = ofKind(buildStage, 'COPY')
      .map(copyParts)
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources.map((s) => s.replace(/\/$/, '')));
    for (const source of fromContext) expect(dockerIgnored(source), source).toBe(false);
    // Every packed file except the build output comes from the context.
    for (const f of packedFiles().filter((p) => !p.startsWith('dist/'))) {
      expect(dockerIgnored(f), f).toBe(false);
      expect(
        fromContext.some((s) => f === s || f.startsWith(`${s}/`)),
        f,
      ).toBe(true);
    }
    for (const f of [
      'node_modules/x',
      'dist/cli/main.js',
      'test/cli.test.ts',
      '.git/HEAD',
      'fixtures/seed/a.prom',
      'deploy/helm/kcarbon/Chart.yaml',
    ])
      expect(dockerIgnored(f), f).toBe(true);
  });

  it('HEALTHCHECK: the node one-liner passes against serve --transport http and fails once it stops', async () => {
    const hc = ofKind(finalStage, 'HEALTHCHECK')[0]!;
    const command = execForm(hc);
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    const server = await startHttpServe(['--demo']);
    try {
      const env = childEnv({ PORT: String(server.port) });
      await expect(run(process.execPath, command.slice(1), { env })).resolves.toBeDefined();
      await server.stop();
      await expect(run(process.execPath, command.slice(1), { env })).rejects.toMatchObject({ code: 1 });
    } finally {
      await server.stop();
    }
  });
});
