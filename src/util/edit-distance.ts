/**
 * Levenshtein distance for "did you mean" suggestions, capped: past `cap` it stops and returns `cap + 1`
 * (also at once when the lengths alone differ by more), so a search over many candidates costs at most
 * O(length x cap) each, whatever the input.
 */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row[j] = d;
      if (d < best) best = d;
    }
    // Every later row is at least this row's minimum.
    if (best > cap) return cap + 1;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[b.length]!, cap + 1);
}
