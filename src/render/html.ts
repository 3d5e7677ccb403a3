/**
 * Generic html for any command without its own (the report command has one): the same content as the
 * generic markdown — the command's table rendering (its headings, rounding and sentences, in the run's
 * language), the pass/fail line of a gate, the partial-data warning and the data used — on one
 * self-contained page.
 */
import type { CommandSpec } from '../commands/types.js';
import { lang } from '../i18n/index.js';
import { humanNumbers } from './human.js';
import { body, commandHeading, dataNote, humanMarkdown, incompleteNote, verdictOf } from './markdown.js';
import { esc } from './svg.js';

const CSS =
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;max-width:1100px;margin:0 auto;padding:16px}' +
  'table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e4e7eb}' +
  'th{background:#f0f4f8}td.n,th.n{text-align:right;white-space:nowrap}blockquote{border-left:3px solid #d97706;margin:8px 0;padding:2px 10px}' +
  '@media print{table{break-inside:auto}}';

/** Inline markdown of a rendered line: escaped text with **bold** kept. */
function inline(s: string): string {
  return esc(s.replaceAll('\\|', '|'))
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/&lt;sub&gt;|&lt;\/sub&gt;/g, '');
}

const cells = (row: string) =>
  row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** Markdown blocks (pipe tables, lists, fenced text with or without a language, quotes, paragraphs) as html. */
export function blocksToHtml(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const l = lines[i]!;
    const run = (test: (x: string) => boolean) => {
      const group: string[] = [];
      while (i < lines.length && test(lines[i]!)) group.push(lines[i++]!);
      return group;
    };
    if (l.startsWith('|')) {
      const [head, align, ...rows] = run((x) => x.startsWith('|'));
      const right = cells(align ?? '').map((a) => a.endsWith(':'));
      const cls = (j: number) => (right[j] ? ' class="n"' : '');
      out.push(
        `<table><thead><tr>${cells(head!)
          .map((c, j) => `<th${cls(j)}>${inline(c)}</th>`)
          .join('')}</tr></thead><tbody>`,
        ...rows.map(
          (r) =>
            `<tr>${cells(r)
              .map((c, j) => `<td${cls(j)}>${inline(c)}</td>`)
              .join('')}</tr>`,
        ),
        '</tbody></table>',
      );
    } else if (l.startsWith('- ')) {
      out.push(
        '<ul>',
        ...run((x) => x.startsWith('- ')).map((x) => `<li>${inline(x.slice(2))}</li>`),
        '</ul>',
      );
    } else if (l.startsWith('```')) {
      i++;
      const text = run((x) => x !== '```');
      i++;
      out.push(`<pre>${esc(text.join('\n'))}</pre>`);
    } else if (l.startsWith('> ')) {
      out.push(
        `<blockquote>${run((x) => x.startsWith('> '))
          .map((x) => `<p>${inline(x.slice(2).replace(/^- /, ''))}</p>`)
          .join('')}</blockquote>`,
      );
    } else {
      if (l.trim()) out.push(`<p>${inline(l)}</p>`);
      i++;
    }
  }
  return out;
}

export function toHtml(spec: CommandSpec, result: unknown): string {
  const heading = commandHeading(spec);
  const parts: string[] = [`<h1>${esc(heading)}</h1>`];
  parts.push(...blocksToHtml(incompleteNote(result)));
  const verdict = verdictOf(spec, result);
  if (verdict)
    parts.push(
      `<p class="verdict ${verdict.kind}"><strong>${esc(verdict.word)}</strong>: ${esc(verdict.text)}</p>`,
    );
  // Rounded for people as the markdown is (src/render/human.ts), outside fenced text.
  parts.push(...blocksToHtml(humanMarkdown(body(spec, result).join('\n')).split('\n')));
  const note = dataNote(result);
  if (note) parts.push(`<p><small>${esc(humanNumbers(note))}</small></p>`);
  return `<!DOCTYPE html>\n<html lang="${lang()}">\n<head>\n<meta charset="utf-8">\n<title>${esc(heading)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n${parts.join('\n')}\n</body>\n</html>\n`;
}
