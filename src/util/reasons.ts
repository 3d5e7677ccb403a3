/** Several sources' failures in one error line. */

/** At most `limit` failure reasons for one error line, each distinct hint said once, and how many more failed. */
export function fewReasons(
  reasons: string[],
  limit = 3,
  andMore: (n: number) => string = (n) => `; and ${n} more`,
): string {
  const split = reasons.slice(0, limit).map((r) => {
    const at = r.lastIndexOf(' — ');
    return at < 0 ? { body: r, hint: '' } : { body: r.slice(0, at), hint: r.slice(at) };
  });
  const hints = [...new Set(split.map((x) => x.hint).filter(Boolean))];
  const more = reasons.length - split.length;
  return `${split.map((x) => x.body).join('; ')}${more > 0 ? andMore(more) : ''}${hints.join('')}`;
}
