/**
 * A CommonJS package imported dynamically from the esbuild bundle arrives as its `default`
 * export; unbundled (tests, tsx) it arrives with named exports. Returns the exports either way.
 */
export function cjsInterop<T extends object>(module: T): T {
  const inner = (module as { default?: unknown }).default;
  return (inner !== null && typeof inner === 'object' ? inner : module) as T;
}
