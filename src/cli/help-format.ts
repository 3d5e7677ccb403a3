/**
 * How --help is laid out, for every command and both languages: commander wraps by display width (Hangul
 * takes two columns, colour codes none) to the terminal's width, its titles and usage words come from the
 * catalogue, and example command lines wrap with a shell continuation.
 */
import { stripVTControlCharacters } from 'node:util';
import { H } from '../i18n/help.js';
import { displayWidth, helpText } from '../i18n/index.js';

/** commander's Help settings (configureHelp), the same for the program and each command. */
const usageWords = (s: string) =>
  s.replace('[options]', helpText(H.usageOptions)).replace('[command]', helpText(H.usageCommand));

export const HELP_CONFIG = {
  styleTitle: (title: string) => helpText(title),
  styleUsage: usageWords,
  // The commands list ("assess [options] <workload>", "help [command]") in the same words as the usage line.
  styleSubcommandTerm: usageWords,
  displayWidth: (s: string) => displayWidth(stripVTControlCharacters(s)),
};

/**
 * A command line, indented two columns, cut into lines that fit `width` with ` \` continuations: before a flag
 * where one fits (a flag keeps its value), else at any space.
 */
export function exampleLines(line: string, width: number): string[] {
  const room = width - 2;
  if (displayWidth(line) <= room) return [`  ${line}`];
  const out: string[] = [];
  let cur = '';
  const words = line.split(/ (?=-)/).flatMap((w) => (displayWidth(w) + 6 > room ? w.split(' ') : [w]));
  for (const word of words) {
    if (cur && displayWidth(`${cur} ${word} \\`) > room) {
      out.push(`  ${cur} \\`);
      cur = `    ${word}`;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  out.push(`  ${cur}`);
  return out;
}
