/**
 * report --mail-to against a real SMTP peer (smtp-server, the nodemailer project's server), each message read back
 * with mailparser: the report mailed (HTML body, markdown plain-text part, the verdict as subject), a run that
 * could not run mailing why, a relay that refuses losing nothing else, and bad mail options refused up front.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCli } from './support/cli.js';
import { closedPort } from './support/servers.js';
import { serverTlsOptions, TEST_CA_FILE } from './support/tls.js';

interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const received: Received[] = [];
/** AUTH attempts the relays saw (a password must never reach one over plain text). */
const auths: string[] = [];
const servers: SMTPServer[] = [];
/** An internal relay: plain SMTP, no AUTH. */
let smtp: string;
/** A relay that offers AUTH but no STARTTLS. */
let plainAuth: string;
/** A relay on implicit TLS (the test CA's certificate for 127.0.0.1) asking for user kc, password secret. */
let tlsAuth: string;

function relay(opts: ConstructorParameters<typeof SMTPServer>[0]): Promise<string> {
  const server = new SMTPServer({
    ...opts,
    onAuth(auth, _session, cb) {
      auths.push(`${auth.username}:${auth.password}`);
      cb(auth.username === 'kc' && auth.password === 'secret' ? null : new Error('bad credentials'), {
        user: 'kc',
      });
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
          });
          cb();
        })
        .catch(cb);
    },
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`127.0.0.1:${(server.server.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  smtp = `smtp://${await relay({ disabledCommands: ['STARTTLS', 'AUTH'] })}`;
  plainAuth = `smtp://kc:secret@${await relay({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true })}`;
  tlsAuth = `smtps://kc:secret@${await relay({ secure: true, ...serverTlsOptions() })}`;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

const DAY = ['report', '--demo', '--since', '24h'];
const last = () => received.at(-1)!;

describe('report --mail-to', () => {
  it('mails the HTML report with its markdown as the plain-text part and the verdict as the subject', async () => {
    const before = received.length;
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-mail-'));
    const r = await cli([
      ...DAY,
      '--no-fail',
      '--mail-to',
      'boss@example.com, sre@example.com',
      '--mail-from',
      'kcarbon@example.com',
      '--smtp',
      smtp,
      '--report',
      `html=${join(dir, 'latest.html')}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('mailed the report to boss@example.com, sre@example.com');
    expect(received.length).toBe(before + 1);
    const m = last();
    expect(m.from).toBe('kcarbon@example.com');
    expect(m.to).toEqual(['boss@example.com', 'sre@example.com']);
    // The demo's day: its nightly batch job fails KR_CARBON_2050.
    expect(m.subject).toMatch(
      /^kcarbon report: .*FINDINGS: 1 of 16 workloads non-compliant \(batch\/nightly-report\)/,
    );
    expect(m.text.split('\n')[0]).toBe(`## ${m.subject.replace(/^kcarbon report: /, '')}`);
    expect(m.html).toMatch(/^<!doctype html>/i);
    expect(m.html).toContain('nightly-report');
    expect(existsSync(join(dir, 'latest.html'))).toBe(true);
  });

  it('still mails when the gate fails (exit 1), through KCARBON_SMTP_URL', async () => {
    const before = received.length;
    const r = await cli([...DAY, '--mail-to', 'boss@example.com', '--mail-from', 'k@example.com'], {
      KCARBON_SMTP_URL: smtp,
    });
    expect(r.code).toBe(1);
    expect(received.length).toBe(before + 1);
    expect(last().subject).toMatch(/FAIL: 1 of 16 workloads/);
  });

  it('a run that could not run mails why (the cron reader sees no stderr)', async () => {
    const before = received.length;
    const r = await cli([
      'report',
      '--source',
      `http://127.0.0.1:${await closedPort()}/metrics`,
      '--retries',
      '0',
      '--mail-to',
      'boss@example.com',
      '--mail-from',
      'k@example.com',
      '--smtp',
      smtp,
    ]);
    expect(r.code).toBe(3);
    expect(received.length).toBe(before + 1);
    expect(last().subject).toMatch(/^kcarbon report: /);
    expect(last().text).toMatch(/exit 3/);
    expect(last().text).toMatch(/127\.0\.0\.1/);
  });

  it('a password goes over TLS only: smtps:// with it works, smtp:// to a relay without STARTTLS never sends it', async () => {
    const before = received.length;
    // The built CLI, trusting the test CA (as NODE_EXTRA_CA_CERTS lets an operator trust a private relay's CA).
    const tls = await spawnCli([...DAY, '--no-fail', '--mail-to', 'boss@example.com', '--smtp', tlsAuth], {
      NODE_EXTRA_CA_CERTS: TEST_CA_FILE,
    });
    expect(tls.code).toBe(0);
    expect(received.length).toBe(before + 1);
    expect(auths).toContain('kc:secret');
    const seen = auths.length;
    const plain = await cli([...DAY, '--no-fail', '--mail-to', 'boss@example.com', '--smtp', plainAuth]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(
      /cannot mail the report to boss@example\.com: the relay offers no STARTTLS, and kcarbon sends a password over TLS only/,
    );
    expect(auths.length).toBe(seen);
    expect(received.length).toBe(before + 1);
  });

  it('a relay that refuses: exit 2 with one line naming its reason, after the output and the report files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-mail-'));
    const file = join(dir, 'latest.json');
    const refused = await spawnCli(
      [
        ...DAY,
        '--no-fail',
        '--mail-to',
        'boss@example.com',
        '--smtp',
        tlsAuth.replace('secret', 'wrong'),
        '--report',
        `json=${file}`,
        '--json',
      ],
      { NODE_EXTRA_CA_CERTS: TEST_CA_FILE },
    );
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).command).toBe('report');
    expect(existsSync(file)).toBe(true);
    const errors = refused.stderr.split('\n').filter((l) => l.startsWith('kcarbon: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^kcarbon: error: cannot mail the report to boss@example\.com: .*bad credentials/,
    );
    // The password is never printed.
    expect(refused.stderr).not.toContain('wrong');
    const closed = await cli([
      ...DAY,
      '--no-fail',
      '--mail-to',
      'boss@example.com',
      '--smtp',
      `smtp://127.0.0.1:${await closedPort()}`,
    ]);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/cannot mail the report to boss@example\.com: .*ECONNREFUSED/);
  });

  it.each([
    [['--mail-to', 'boss@example.com'], '--mail-to needs an SMTP relay to send through'],
    [['--mail-to', 'boss', '--smtp', 'smtp://h'], "--mail-to 'boss' is not a mail address"],
    [['--mail-to', 'a@b.c', '--mail-from', 'Kcarbon <k@b.c>', '--smtp', 'smtp://h'], '--mail-from'],
    [
      ['--mail-to', 'a@b.c', '--smtp', 'https://u:hunter2@relay.example.com'],
      "--smtp 'https://***@relay.example.com'",
    ],
    [
      ['--mail-to', 'a@b.c', '--smtp', 'u:hunter2@relay.example.com:587'],
      "--smtp '***@relay.example.com:587'",
    ],
    [['--mail-to', 'a@b.c', '--smtp', 'smtp://u:hun/ter2@h:25'], "--smtp 'smtp://***@h:25'"],
    [['--mail-from', 'k@b.c'], '--mail-from is given without --mail-to'],
  ])('refuses %j up front (exit 2, nothing sent)', async (args, says) => {
    const before = received.length;
    const r = await cli([...DAY, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`kcarbon: error: ${says}`);
    expect(r.stderr).not.toMatch(/hunter2|hun\/ter2/);
    expect(received.length).toBe(before);
  });

  it('names KCARBON_SMTP_URL, not --smtp, when the bad URL came from it, and never prints its password', async () => {
    const r = await cli([...DAY, '--mail-to', 'a@b.c'], {
      KCARBON_SMTP_URL: 'kcarbon:S3cret@smtp.example.com:587',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "kcarbon: error: KCARBON_SMTP_URL '***@smtp.example.com:587' is not an smtp://",
    );
    expect(r.stderr).not.toContain('S3cret');
  });

  it('one mail per run: a report file that cannot be written after the report was mailed sends no second mail', async () => {
    const before = received.length;
    const r = await cli([
      ...DAY,
      '--no-fail',
      '--mail-to',
      'boss@example.com',
      '--smtp',
      smtp,
      '--report',
      'json=/proc/version/x.json',
    ]);
    expect(r.code).toBe(2);
    expect(received.length).toBe(before + 1);
    expect(last().subject).toMatch(/FINDINGS/);
  });

  it('a run refused for its own options mails why, in the language of the run', async () => {
    const before = received.length;
    const bad = await cli([...DAY, '-o', 'bogus', '--mail-to', 'boss@example.com', '--smtp', smtp]);
    expect(bad.code).toBe(2);
    expect(received.length).toBe(before + 1);
    expect(last().text).toMatch(/bogus/);
    const ko = await cli([
      'report',
      '--source',
      `http://127.0.0.1:${await closedPort()}/metrics`,
      '--retries',
      '0',
      '--lang',
      'ko',
      '--mail-to',
      'boss@example.com',
      '--smtp',
      smtp,
    ]);
    expect(ko.code).toBe(3);
    expect(last().subject).toBe(
      'kcarbon report: kcarbon report\uc744(\ub97c) \uc2e4\ud589\ud560 \uc218 \uc5c6\uc5c8\uc2b5\ub2c8\ub2e4',
    );
    expect(last().text).toMatch(/\uc885\ub8cc \ucf54\ub4dc 3/);
  });

  it('is an option of report only', async () => {
    const r = await cli(['summary', '--demo', '--mail-to', 'a@b.c']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--mail-to'/);
  });
});
