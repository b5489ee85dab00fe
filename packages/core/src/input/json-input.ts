import type { ErrorDetail } from '../errors.ts';

/**
 * How deep a JSON input may nest. The deepest legitimate input is a rule set, which the
 * rules engine bounds at 32; past this, recursive code (validation, JSON.stringify, the
 * rules compiler) is refused before it runs rather than left to overflow the stack.
 */
export const maxInputDepth = 64;

export const nulMessage = 'must not contain the NUL character (U+0000)';

/**
 * The first reason a parsed JSON value cannot be taken whole, with its dotted path: nested
 * deeper than `maxDepth`, or (unless `nul` is false) a NUL character in a key or a string,
 * which Postgres text cannot hold. Walks with its own stack, so depth cannot overflow it.
 */
export function unsafeJsonAt(
  value: unknown,
  { maxDepth = maxInputDepth, nul = true }: { maxDepth?: number; nul?: boolean } = {},
): ErrorDetail | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: v, path, depth } = next;
    if (typeof v === 'string') {
      if (nul && v.includes('\u0000')) return { path, message: nulMessage };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return { path, message: `nested more than ${maxDepth} levels deep` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (nul && key.includes('\u0000')) return { path: join(path, key), message: nulMessage };
      stack.push({ value: (v as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}
