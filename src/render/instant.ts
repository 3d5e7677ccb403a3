/**
 * Instants for people, in the reports a person reads (markdown, html): UTC to the minute, and the region's wall
 * clock beside it, so a manager in Seoul reads 15:42 where the JSON says 06:42Z.
 */
import { utcOffsetLabel, zonedIso } from '../carbon/window.js';

/** "2026-12-02 06:42 UTC": an ISO 8601 UTC instant, to the minute (seconds dropped, as the local clock's). */
export function utcText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The wall clock of `timeZone` at each instant, language-neutral: "15:42 UTC+9, Asia/Seoul" for one,
 * "09:00 – 09:00 UTC+9, Asia/Seoul" for a period (each end with its offset when daylight saving time changed
 * between them: "19:00 UTC-5 – 20:00 UTC-4, America/New_York"). A local date is named when it is not the UTC
 * date. Undefined where the clock is UTC's (offset 0 at every instant): it would only repeat the UTC time.
 */
export function localText(isos: readonly string[], timeZone: string): string | undefined {
  const local = isos.map((iso) => {
    const zoned = zonedIso(Date.parse(iso), timeZone);
    const clock = zoned.slice(11, 16);
    return {
      when: zoned.slice(0, 10) === iso.slice(0, 10) ? clock : `${zoned.slice(0, 10)} ${clock}`,
      offset: utcOffsetLabel(zoned),
    };
  });
  if (local.every((l) => l.offset === 'UTC+0' || l.offset === 'UTC-0')) return undefined;
  const sameOffset = local.every((l) => l.offset === local[0]!.offset);
  const ends = sameOffset
    ? `${local.map((l) => l.when).join(' – ')} ${local[0]!.offset}`
    : local.map((l) => `${l.when} ${l.offset}`).join(' – ');
  return `${ends}, ${timeZone}`;
}
