/**
 * Name orders without loading ICU's collator for the usual case: `compareText` (English collation) and
 * `compareNames` (natural order, for dump files). The first collator of a process loads the collation data
 * (about 5 ms, measured on Node 20); names made of lower-case ASCII letters, digits, `-` and `.` (Kubernetes'
 * DNS-1123 names: nodes, namespaces, pods) collate exactly as their code units compare, so those are compared
 * directly (test/compare.test.ts and test/sources.test.ts hold each equal to its collator).
 */

/** Whether every character of s is a lower-case ASCII letter, a digit, `-` or `.` (a DNS-1123 name's). */
export function isPlainName(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || isDigit(c) || c === 45 || c === 46)) return false;
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

let natural: Intl.Collator | undefined;

/**
 * Natural name order (`worker-2` before `worker-10`, English collation), ties broken by code units so it is
 * total. Names of lower-case ASCII letters, digits, `-` and `.` (DNS names, as node dumps are usually named)
 * are compared by hand: digit runs by their value, other characters by code unit, which for those characters is
 * the collator's order (test/sources.test.ts holds the two equal). Others go to the collator, whose first use
 * loads ICU's collation data (5-12 ms). The order matters beyond display: a pod reported by two files is taken
 * from the file read first.
 */
export function compareNames(a: string, b: string): number {
  if (!isPlainName(a) || !isPlainName(b)) {
    natural ??= new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
    return natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      const [si, ei] = digitRun(a, i);
      const [sj, ej] = digitRun(b, j);
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
    } else if (ca !== cb) {
      return ca - cb;
    } else {
      i++;
      j++;
    }
  }
  return a.length - i - (b.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The digits of the run starting at `from`, less its leading zeros: [first significant, end). */
function digitRun(s: string, from: number): [number, number] {
  let end = from;
  while (end < s.length && isDigit(s.charCodeAt(end))) end++;
  let start = from;
  while (start < end - 1 && s.charCodeAt(start) === 48) start++;
  return [start, end];
}
