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
  return remembered(memos, owner, key, compute);
}

function remembered<T>(
  store: WeakMap<object, Map<string, unknown>>,
  owner: object,
  key: string,
  compute: () => T,
): T {
  let byKey = store.get(owner);
  if (!byKey) {
    byKey = new Map();
    store.set(owner, byKey);
  }
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = compute();
  byKey.set(key, value);
  return value;
}

/**
 * Plain objects and arrays that `frozen` froze all the way down (JSON-like, never changing again). What is
 * worked out from one of them alone (its rounded copy, its validation against a schema, its JSON text) can be
 * remembered by its identity: see `derived`.
 */
const deepFrozen = new WeakSet<object>();

/** True for a value `frozen` froze all the way down. */
export function isDeepFrozen(value: unknown): value is object {
  return value !== null && typeof value === 'object' && deepFrozen.has(value);
}

/**
 * Freezes plain objects and arrays, recursively (JSON-like values built for a result); stops at Maps, Sets,
 * class instances and values already frozen. Never give it a snapshot's own objects.
 */
export function frozen<T>(value: T): T {
  freezeDeep(value);
  return value;
}

/** Freezes as `frozen` does; true when the value is frozen all the way down (then kept in `deepFrozen`). */
function freezeDeep(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (deepFrozen.has(value)) return true;
  // Frozen by someone else: not known to be frozen below.
  if (Object.isFrozen(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  Object.freeze(value);
  let deep = true;
  for (const v of Object.values(value)) deep = freezeDeep(v) && deep;
  if (deep) deepFrozen.add(value);
  return deep;
}

/**
 * Results share values across calls only where the process serves many calls on one cached snapshot (the MCP
 * server turns it on): a result's rounded copy of a deep-frozen figure is then itself frozen and shared, so
 * what follows from it alone (its schema check, its JSON text) is worked out once. A CLI run leaves it off: its
 * results are its own, unfrozen.
 */
let sharing = false;
export function shareResults(on: boolean): void {
  sharing = on;
}

/**
 * A part of results built from read-only inputs alone (`owner`: a config figure, region or standard, which the
 * server keeps across calls while its files are unchanged): while results are shared, built once per (owner, key),
 * frozen and shared by every result; otherwise built for each result, its own.
 */
export function sharedPart<T>(owner: object, key: string, build: () => T): T {
  return sharing ? remembered(parts, owner, key, () => frozen(build())) : build();
}
const parts = new WeakMap<object, Map<string, unknown>>();

/**
 * What follows from read-only inputs alone (`owner`, e.g. the server's config), remembered per (owner, key) while
 * results are shared (the MCP server) and worked out each time otherwise. Not frozen: for values kept inside
 * kcarbon (a run's selected standards), never handed to a caller that might change them.
 */
export function whileShared<T>(owner: object, key: string, build: () => T): T {
  return sharing ? remembered(kept, owner, key, build) : build();
}
const kept = new WeakMap<object, Map<string, unknown>>();

/** True for a deep-frozen value while results are shared: what is derived from it alone is remembered. */
export function isShared(value: unknown): value is object {
  return sharing && isDeepFrozen(value);
}

const derivations = new WeakMap<object, Map<string, unknown>>();

/**
 * What is computed from a deep-frozen value alone (`compute(value)`), once per (value, key) while results are
 * shared; computed every time otherwise (or when the value is not deep-frozen). The key names the computation
 * and anything else it reads.
 */
export function derived<T>(value: unknown, key: string, compute: () => T): T {
  return isShared(value) ? remembered(derivations, value, key, compute) : compute();
}
