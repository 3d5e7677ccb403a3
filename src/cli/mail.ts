/**
 * `report --mail-to`: the report mailed through an SMTP relay (nodemailer), for a nightly cron or CronJob whose
 * reader is a person, not a file on a volume. The HTML report is the body (built for mail clients: tables, no
 * script), the markdown its plain-text part; a run that could not run mails why. I/O at the edge: the command
 * returns its result as always and only the CLI sends it.
 */
import { hostname } from 'node:os';
import { msg, UsageError } from '../errors.js';

export interface MailSettings {
  to: string[];
  from: string;
  /** smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps://… (TLS from the start). */
  smtp: string;
}

/** The report could not be mailed (exit 2): everything else of the run is out. */
export class MailError extends UsageError {}

/** A mailbox as SMTP relays take it: local@domain, no spaces or brackets (a display name is not asked for). */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** The mail options of a run (none without --mail-to); exit 2 for anything a relay would refuse or that means nothing. */
export function mailSettings(
  opts: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): MailSettings | undefined {
  const given = typeof opts.smtp === 'string' ? opts.smtp : env.KCARBON_SMTP_URL;
  const smtp = given?.trim() || undefined;
  if (opts.mailTo === undefined) {
    if (opts.mailFrom !== undefined) throw new UsageError(msg('mailFromAlone'), msg('mailToHint'));
    return undefined;
  }
  const to = String(opts.mailTo)
    .split(',')
    .map((a) => a.trim());
  const bad = to.find((a) => !ADDRESS.test(a));
  if (bad !== undefined)
    throw new UsageError(msg('mailAddressBad', '--mail-to', bad), msg('mailAddressHint'));
  const from = typeof opts.mailFrom === 'string' ? opts.mailFrom.trim() : `kcarbon@${hostname()}`;
  if (!ADDRESS.test(from))
    throw new UsageError(msg('mailAddressBad', '--mail-from', from), msg('mailAddressHint'));
  if (!smtp) throw new UsageError(msg('mailNeedsSmtp'), msg('mailNeedsSmtpHint'));
  let url: URL;
  try {
    url = new URL(smtp);
  } catch {
    throw new UsageError(msg('smtpUrlBad', redact(smtp)), msg('mailNeedsSmtpHint'));
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new UsageError(msg('smtpUrlBad', redact(smtp)), msg('mailNeedsSmtpHint'));
  }
  return { to, from, smtp };
}

/** An SMTP URL as it may be shown: without its password. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** How long a relay may take to answer each step (connect, greet, each command). */
const SMTP_TIMEOUT_MS = 30_000;

/** Sends one message; rejects with the relay's own reason. */
export async function sendMail(
  m: MailSettings,
  message: { subject: string; text: string; html?: string },
): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(m.smtp, {
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  } as Parameters<typeof createTransport>[1]);
  try {
    await transport.sendMail({ from: m.from, to: m.to, ...message });
  } finally {
    transport.close();
  }
}

/** The subject of a report mail: the command and the report's first line (its verdict), as a mail list shows it. */
export function mailSubject(command: string, markdown: string): string {
  const first = markdown.split('\n').find((l) => l.trim() !== '') ?? '';
  const line = first
    .replace(/^#+\s*/, '')
    .replaceAll('**', '')
    .trim();
  return line ? `kcarbon ${command}: ${line}` : `kcarbon ${command}`;
}
