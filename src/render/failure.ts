/**
 * The report files of a run that could not finish (exit 2 or 3): each requested file is still
 * written, valid for its format and saying why, so the CI step that uploads it does not fail too.
 */

import { SCHEMA_VERSION } from '../commands/schema-version.js';
import { ghData } from './github.js';
import { xmlEscape } from './junit.js';
import { sarifLog } from './sarif.js';
import { esc } from './svg.js';

export const FAILURE_TEXT = {
  title: (command: string) => `kcarbon ${command} could not run`,
  body: (message: string, code: number) => `${message} (exit ${code})`,
} as const;

export function failureReport(
  format: string,
  opts: { command: string; message: string; exitCode: number; version: string; timestamp: string },
): string {
  const title = FAILURE_TEXT.title(opts.command);
  const body = FAILURE_TEXT.body(opts.message, opts.exitCode);
  switch (format) {
    case 'sarif':
      return `${JSON.stringify(
        sarifLog(
          opts,
          [],
          {
            executionSuccessful: false,
            exitCode: opts.exitCode,
            toolExecutionNotifications: [{ level: 'error', message: { text: `${title}: ${body}` } }],
          },
          [],
        ),
        null,
        2,
      )}\n`;
    case 'junit':
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="kcarbon" tests="1" failures="0" errors="1" skipped="0" time="0">',
        `  <testsuite name="kcarbon ${xmlEscape(opts.command)}" tests="1" failures="0" errors="1" skipped="0" time="0">`,
        `    <testcase classname="kcarbon/run" name="${xmlEscape(`kcarbon ${opts.command}`)}" time="0">`,
        `      <error type="exit-${opts.exitCode}" message="${xmlEscape(title)}">${xmlEscape(body)}</error>`,
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n');
    case 'json':
      // The JSON envelope of every result (README "JSON output"), with `error` for the figures it never got.
      return `${JSON.stringify(
        {
          schema_version: SCHEMA_VERSION,
          command: opts.command,
          timestamp: opts.timestamp,
          error: { message: opts.message, exit_code: opts.exitCode },
          metrics: null,
          data_used: null,
          warnings: [],
        },
        null,
        2,
      )}\n`;
    case 'markdown':
      return `## ⚠️ ${title}\n\n${body}\n`;
    case 'html':
      return `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body><h1>${esc(title)}</h1><p>${esc(body)}</p></body>\n</html>\n`;
    case 'github':
      return `::error title=${ghData(title).replaceAll(':', '%3A').replaceAll(',', '%2C')}::${ghData(body)}\n`;
    case 'csv':
      return `error,exit_code\n"${opts.message.replaceAll('"', '""')}",${opts.exitCode}\n`;
    default:
      return `${title}: ${body}\n`;
  }
}
