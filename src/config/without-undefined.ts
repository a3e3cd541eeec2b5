/**
 * A copy of `value` without its `undefined` entries, so absent optional fields stay absent (not `key: undefined`) and
 * values compare and serialise cleanly. It builds a new object rather than deleting keys: an object that has had keys
 * deleted falls back to slow dictionary properties in V8, and titles are read property by property on the hot path.
 */
export function withoutUndefined<T extends object>(value: T): T {
  const copy: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy as T;
}
