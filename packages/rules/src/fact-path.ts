import { forbiddenKeys } from './shape-guard.ts';

/**
 * Condition paths into a fact, e.g. `$.vehicle.mileageKm` or `$.orderTypes[0]`.
 *
 * json-rules-engine resolves paths with JSONPath by default, whose filter expressions run
 * script; we give the engine this resolver instead, so both the reference engine and the
 * compiled path read facts the same, narrow way: own properties and array indexes only,
 * never a prototype.
 */
const pathPattern = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:0|[1-9][0-9]{0,3})\])+$/;
const segmentPattern = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

export type FactPathProblem = 'syntax' | 'forbidden' | 'tooLong';

/** Splits a path into its keys, or says why it is not an allowed path. */
export function parseFactPath(
  path: string,
  maxSegments: number,
): { ok: true; segments: string[] } | { ok: false; problem: FactPathProblem } {
  if (path.length > 200 || !pathPattern.test(path)) return { ok: false, problem: 'syntax' };
  const segments: string[] = [];
  for (const match of path.matchAll(segmentPattern)) {
    const key = match[1] ?? match[2];
    if (key === undefined) return { ok: false, problem: 'syntax' };
    if (forbiddenKeys.has(key)) return { ok: false, problem: 'forbidden' };
    segments.push(key);
  }
  if (segments.length > maxSegments) return { ok: false, problem: 'tooLong' };
  return { ok: true, segments };
}

/** Walks own properties only; anything missing on the way is undefined. */
export function resolveSegments(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const key of segments) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The `pathResolver` handed to json-rules-engine; paths reaching it were validated. */
export function resolveFactPath(value: object, path: string): unknown {
  const parsed = parseFactPath(path, Number.POSITIVE_INFINITY);
  return parsed.ok ? resolveSegments(value, parsed.segments) : undefined;
}
