/**
 * `a.localeCompare(b)` without loading ICU's collator for the usual case. The first localeCompare of a process
 * loads the collation data (about 5 ms, measured on Node 20); names made of lower-case ASCII letters, digits,
 * `-` and `.` (Kubernetes' DNS-1123 names: nodes, namespaces, pods) collate in the default collation exactly as
 * their code units compare, so those are compared directly (test/compare.test.ts holds the two equal).
 */

/** Whether every character of s is a lower-case ASCII letter, a digit, `-` or `.` (a DNS-1123 name's). */
export function isPlainName(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46)) return false;
  }
  return true;
}

let english: Intl.Collator | undefined;

/**
 * The sign of `a.localeCompare(b, 'en')` (-1, 0 or 1 for plain names; the collator's own value otherwise). The
 * locale is fixed, not the machine's: plain names compare by code units, which is their English order, so one
 * sort never mixes two orders (under another locale, e.g. Danish, plain and other names would disagree), and a
 * tie is broken the same way on every machine.
 */
export function compareText(a: string, b: string): number {
  if (isPlainName(a) && isPlainName(b)) return a < b ? -1 : a > b ? 1 : 0;
  english ??= new Intl.Collator('en');
  return english.compare(a, b);
}
