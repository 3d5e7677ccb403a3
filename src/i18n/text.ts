/** Sentences of the command tables and standard names in the current language (catalogue sections). */
import { localized } from './index.js';
import { STANDARDS_EN, TEXT_EN } from './messages.js';

export const TEXT = localized('text', TEXT_EN);
export const STANDARD_NAMES = localized('standards', STANDARDS_EN);

type NoteKey = 'noteReportDuty' | 'noteVariant' | 'noteLimitFrom' | 'noteNoLimit';
type NoteParams<K extends NoteKey> = Parameters<(typeof TEXT_EN)[K]>;

/** Notes met in this process, by their English text: the message (its key and params) to word them again. */
const NOTES = new Map<string, () => string>();

/**
 * A check's note by message key and params: its English text, which the result keeps (`checks[].note`, the same
 * JSON in every language), noted so that checkNoteText words it in the run's language. A few notes per standard
 * exist, so the map stays small also in a long-running MCP server.
 */
export function checkNote<K extends NoteKey>(key: K, ...params: NoteParams<K>): string {
  const say = (text: typeof TEXT_EN) => (text[key] as (...a: NoteParams<K>) => string)(...params);
  const english = say(TEXT_EN);
  if (!NOTES.has(english) && NOTES.size < 1000) NOTES.set(english, () => say(TEXT));
  return english;
}

/** A check's note in the current language (as it is when it was not made by checkNote: config's own text). */
export function checkNoteText(english: string): string {
  return NOTES.get(english)?.() ?? english;
}
