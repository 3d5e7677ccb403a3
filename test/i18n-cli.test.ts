/**
 * The CLI's own text in Korean (--lang ko): error lines and their hints, the `kcarbon: error:` prefix,
 * commander's messages and every command's --help. Exit codes never change with the language, and the
 * English lines stay what they were.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/registry.js';
import { cli } from './support/cli.js';
import { closedPort } from './support/servers.js';

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * English prose left in a line: two lowercase English words in a row, once what is not prose is taken out
 * (quoted values, URLs, paths, flags, <placeholders>, [options]). Names such as Prometheus or JSON are
 * capitalised and never count.
 */
function englishProse(text: string): string[] {
  const stripped = text
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, ' ')
    .replace(/\S+:\/\/\S+/g, ' ')
    .replace(/\S*\/\S*/g, ' ')
    .replace(/(?<!\w)--?[a-zA-Z][\w-]*(=\S*)?/g, ' ')
    .replace(/<[^>]*>|\[[^\]]*\]/g, ' ')
    // a command or argument name at the start of a help line, and commands named in prose
    .replace(/^\s+[a-z][\w-]*/gm, ' ')
    .replace(/\bkubectl top\b/g, ' ')
    // a command line named in a hint (kcarbon top --help)
    .replace(/\bkcarbon [a-z][\w-]*/g, ' ');
  return stripped.match(/\b[a-z]{2,}\s+[a-z]{2,}\b/g) ?? [];
}

interface Case {
  what: string;
  args: (port: number) => string[];
  code: number;
  ko: RegExp;
  en: RegExp;
}

const CASES: Case[] = [
  {
    what: 'unknown region with did-you-mean',
    args: () => ['summary', '--demo', '-r', 'ap-northeast'],
    code: 2,
    ko: /알 수 없는 리전 'ap-northeast' — 혹시 'ap-northeast-1'/,
    en: /unknown region 'ap-northeast' — did you mean 'ap-northeast-1'/,
  },
  {
    what: 'bad duration',
    args: () => ['summary', '--demo', '--since', '5x'],
    code: 2,
    ko: /--since '5x': 기간이 아닙니다 — 단위가 있는 숫자를 쓰세요/,
    en: /--since '5x' is not a duration — use a number with a unit/,
  },
  {
    what: 'missing file',
    args: () => ['summary', '--source', '/nonexistent/node.prom'],
    code: 2,
    ko: /--source \/nonexistent\/node.prom을\(를\) 읽을 수 없습니다: 파일이나 디렉터리가 없습니다/,
    en: /cannot read --source \/nonexistent\/node.prom: no such file or directory/,
  },
  {
    what: 'Prometheus unreachable',
    args: (port) => ['summary', '--prometheus', `http://127.0.0.1:${port}`, '--retries', '0'],
    code: 3,
    ko: /연결이 거부되었습니다 — 호스트와 포트를 확인하세요 \(Prometheus: 9090.*\) — --prometheus URL을 확인하세요/,
    en: /connection refused — check the host and port \(Prometheus: 9090.*\) — check the --prometheus URL/,
  },
  {
    what: 'bad config',
    args: () => ['summary', '--demo', '--config', '/nonexistent/kcarbon.json'],
    code: 2,
    ko: /설정 파일을 찾을 수 없습니다: \/nonexistent\/kcarbon.json — --config 또는 KCARBON_CONFIG이\(가\)/,
    en: /config file not found: \/nonexistent\/kcarbon.json — point --config or KCARBON_CONFIG at/,
  },
  {
    what: 'bad --components',
    args: () => ['summary', '--demo', '--components', 'cpu,fpga'],
    code: 2,
    ko: /--components에 알 수 없는 값 'fpga'이\(가\) 있습니다 — cpu, gpu 또는 cpu,gpu \(기본\)를 쓰세요/,
    en: /--components has unknown 'fpga' — use cpu, gpu or cpu,gpu \(default\)/,
  },
  {
    what: 'a file cut in the middle of a line (a failed source, worded by code)',
    args: () => ['summary', '--source', cutFile],
    code: 3,
    ko: /읽을 수 있는 메트릭 소스가 없습니다: .*cut\.prom: 스트림이 줄 중간에서 끝납니다 \(잘렸나요\?\)\. 파일이 온전하다면/,
    en: /no metrics source could be read: .*cut\.prom: stream ends in the middle of a line \(cut short\?\); if the file is whole/,
  },
  {
    what: 'a file that is not Kepler metrics',
    args: () => ['summary', '--source', 'package.json'],
    code: 2,
    ko: /package.json: Kepler 메트릭이 없습니다/,
    en: /package.json: no Kepler metrics found/,
  },
  {
    what: 'serve on a port in use is said at start',
    args: () => ['serve', '--mcp', '--transport', 'http', '--port', String(inUse), '--demo'],
    code: 2,
    ko: /포트 \d+은\(는\) 이미 사용 중입니다 — 다른 --port를 고르거나/,
    en: /port \d+ on 127.0.0.1 is already in use — pick another --port/,
  },
  {
    what: 'a flag value the input schema refuses (zod issue, worded from its facts)',
    args: () => ['top', '--demo', '--limit', '0'],
    code: 2,
    ko: /--limit: 올바르지 않은 값 \(1 이상이어야 합니다\) — kcarbon top --help를 참고하세요/,
    en: /--limit: Too small: expected number to be >=1 — see kcarbon top --help/,
  },
  {
    what: 'an enum value the input schema refuses',
    args: () => ['list', '--demo', '--status', 'bogus'],
    code: 2,
    ko: /--status: 올바르지 않은 값 \(다음 중 하나여야 합니다: "COMPLIANT", "NON_COMPLIANT"\)/,
    en: /--status: Invalid option: expected one of "COMPLIANT"\|"NON_COMPLIANT"/,
  },
  {
    what: 'a config file the config schema refuses',
    args: () => ['summary', '--demo', '--config', badConfig],
    code: 2,
    ko: /kcarbon\.json: 알 수 없는 키: bogus — 설정 형식은 config\/README\.md를 참고하세요/,
    en: /kcarbon\.json: Unrecognized key: "bogus" — see config\/README\.md for the config format/,
  },
  {
    what: 'unknown option (commander)',
    args: () => ['summary', '--demo', '--sicne', '24h'],
    code: 2,
    ko: /알 수 없는 옵션 '--sicne' \(혹시 --since\?\)/,
    en: /unknown option '--sicne' \(Did you mean --since\?\)/,
  },
  {
    what: 'missing argument (commander)',
    args: () => ['assess', '--demo'],
    code: 2,
    ko: /필수 인수 'workload'이\(가\) 없습니다 — 워크로드 이름을 주세요\. 예: 'kcarbon assess web-frontend --demo'/,
    en: /missing required argument 'workload' — name a workload, e\.g\. 'kcarbon assess web-frontend --demo' \('kcarbon list' shows them\)\n/,
  },
  {
    what: 'an option commander knows no near name for says where the usage is',
    args: () => ['top', '--demo', '--zzzzzzzz'],
    code: 2,
    ko: /알 수 없는 옵션 '--zzzzzzzz' — kcarbon top --help를 참고하세요$/,
    en: /unknown option '--zzzzzzzz' — see kcarbon top --help\n/,
  },
  {
    what: "another command's option says whose it is (commander would suggest --max-bytes)",
    args: () => ['report', '--demo', '--max-watts', '5'],
    code: 2,
    ko: /알 수 없는 옵션 '--max-watts' — --max-watts은\(는\) assess, compare, list의 옵션이며 'report'의 옵션이 아닙니다/,
    en: /unknown option '--max-watts' — --max-watts is an option of assess, compare, list, not of report \(see kcarbon report --help\)\n/,
  },
  {
    what: "a subcommand's refusal points at that subcommand's usage, and says whose option a source option is",
    args: () => ['config', 'show', '--demo'],
    code: 2,
    ko: /알 수 없는 옵션 '--demo' — --demo은\(는\) assess, compare, list, regions, schedule, hotspots, top, summary, report의 옵션이며 'config show'의 옵션이 아닙니다/,
    en: /unknown option '--demo' — --demo is an option of assess, compare, list, regions, schedule, hotspots, top, summary, report, not of config show \(see kcarbon config show --help\)\n/,
  },
];

let inUse = 0;
let holder: Server | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'kcarbon-i18n-'));
const badConfig = join(scratch, 'kcarbon.json');
const cutFile = join(scratch, 'cut.prom');
beforeAll(async () => {
  writeFileSync(badConfig, JSON.stringify({ bogus: 1 }));
  writeFileSync(cutFile, 'a 1\nb 8');
  holder = createServer();
  await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
  inUse = (holder.address() as AddressInfo).port;
});
afterAll(() => holder?.close());

describe('errors in Korean (--lang ko)', () => {
  for (const c of CASES) {
    it(`${c.what}: one Korean line with its hint, no English sentence; English unchanged; same exit code`, async () => {
      const port = await closedPort();
      const ko = await cli([...c.args(port), '--lang', 'ko']);
      expect(ko.code).toBe(c.code);
      expect(ko.stdout).toBe('');
      const line = ko.stderr.trim();
      expect(line.split('\n')).toHaveLength(1);
      expect(line.startsWith('kcarbon: 오류: ')).toBe(true);
      expect(line).toMatch(HANGUL);
      expect(line).toMatch(c.ko);
      expect(englishProse(line)).toEqual([]);

      const en = await cli(c.args(port));
      expect(en.code).toBe(c.code);
      expect(en.stderr.trim().startsWith('kcarbon: error: ')).toBe(true);
      expect(en.stderr).toMatch(c.en);
      expect(en.stderr).not.toMatch(HANGUL);
      expect(englishProse(en.stderr).length, 'the detector finds English prose').toBeGreaterThan(0);
    });
  }

  it('LANG=ko_KR.UTF-8 selects Korean errors too; a bad --lang is said in English (no language yet)', async () => {
    const viaEnv = await cli(['summary', '--demo', '--since', '5x'], { LANG: 'ko_KR.UTF-8' });
    expect(viaEnv.stderr).toMatch(/^kcarbon: 오류: --since '5x': 기간이 아닙니다/);
    const bad = await cli(['summary', '--lang', 'xx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kcarbon: error: --lang 'xx' is not a language kcarbon speaks/);
  });
});

describe('--help in Korean for every command', () => {
  const commands = [...COMMANDS.map((c) => c.name), 'serve', 'config', ''];
  for (const name of commands) {
    it(`kcarbon ${name || '(no command)'} --help --lang ko: no English sentence`, async () => {
      const r = await cli([...name.split(' ').filter(Boolean), '--help', '--lang', 'ko']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^사용법: kcarbon/);
      // The usage line and the examples (command lines, wrapped with \ continuations) are commands, not prose.
      const prose = r.stdout
        .split('\n예:\n')[0]!
        .split('\n')
        .filter((l) => !l.startsWith('사용법:') && !/^\s+kcarbon /.test(l))
        .join('\n');
      expect(englishProse(prose)).toEqual([]);
      expect(prose).not.toMatch(/Options:|Examples:|Usage:|Commands:/);
      const en = await cli([...name.split(' ').filter(Boolean), '--help']);
      expect(en.stdout).not.toMatch(HANGUL);
      expect(en.stdout).toMatch(/^Usage: kcarbon/);
      expect(englishProse(en.stdout).length, 'the detector finds English prose').toBeGreaterThan(0);
    });
  }
});
