/**
 * Figures derived from a read-only object (a loaded Kepler snapshot, the power basis computed from it), computed
 * once per key while that object lives. The MCP server shares one cached snapshot across calls, so what
 * depends only on the snapshot (and the flags of the server) is worked out on the first call, not on every
 * call; a new scrape is a new object and starts afresh. Every caller shares a remembered value: freeze what
 * the computation builds (`frozen`), so a caller that tried to change it throws instead of corrupting the next
 * call's answer.
 */
const memos = new WeakMap<object, Map<string, unknown>>();

/**
 * `compute()` once per (owner, key); each use names its own key. A figure of a snapshot and a basis is kept on
 * the basis (computed from that snapshot). A computation that throws is not remembered.
 */
export function memo<T>(owner: object, key: string, compute: () => T): T {
  let byKey = memos.get(owner);
  if (!byKey) {
    byKey = new Map();
    memos.set(owner, byKey);
  }
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = compute();
  byKey.set(key, value);
  return value;
}

/**
 * Freezes plain objects and arrays, recursively (JSON-like values built for a result); stops at Maps, Sets,
 * class instances and values already frozen. Never give it a snapshot's own objects.
 */
export function frozen<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) frozen(v);
  return value;
}
