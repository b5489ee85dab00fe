import { issue, type JsonPath, type RuleSetIssue } from './issues.ts';
import { ruleSetLimits } from './limits.ts';

/** Keys that would let a document reach or replace an object's prototype. */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

interface Pending {
  value: unknown;
  path: JsonPath;
  depth: number;
}

/**
 * Checks that `input` is plain JSON within the size limits, before any recursive parser
 * sees it. Iterative with an explicit stack and stops at the first breach, so 10,000
 * nested conditions or a 1 MB array are refused in microseconds without touching the
 * call stack. Returns the first problem found, or undefined.
 */
export function checkDocumentShape(input: unknown, limits = ruleSetLimits): RuleSetIssue | undefined {
  const stack: Pending[] = [{ value: input, path: [], depth: 1 }];
  let nodes = 0;
  let size = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    const { value, path, depth } = next;
    nodes += 1;
    size += 8;
    if (nodes > limits.maxNodes)
      return issue('TOO_LARGE', path, `The rule set has more than ${limits.maxNodes} values.`);
    if (depth > limits.maxJsonDepth) {
      return issue('TOO_DEEP', path, `The rule set is nested more than ${limits.maxJsonDepth} levels deep.`);
    }
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return issue('NOT_JSON', path, 'Numbers must be finite.');
      continue;
    }
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength) {
        return issue('TOO_LARGE', path, `Text is longer than ${limits.maxStringLength} characters.`);
      }
      size += value.length;
      if (size > limits.maxTotalSize)
        return issue('TOO_LARGE', path, `The rule set is larger than ${limits.maxTotalSize} characters.`);
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        return issue(
          'TOO_LARGE',
          path,
          `A list may hold at most ${limits.maxArrayLength} items; this one has ${value.length}.`,
        );
      }
      for (let i = value.length - 1; i >= 0; i -= 1)
        stack.push({ value: value[i], path: [...path, i], depth: depth + 1 });
      continue;
    }
    if (typeof value !== 'object')
      return issue('NOT_JSON', path, `A ${typeof value} is not allowed in a rule set.`);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      return issue('NOT_JSON', path, 'Only plain JSON objects are allowed.');
    const keys = Object.keys(value);
    if (keys.length > limits.maxArrayLength) {
      return issue('TOO_LARGE', path, `An object may hold at most ${limits.maxArrayLength} keys.`);
    }
    const record = value as Record<string, unknown>;
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      if (forbiddenKeys.has(key))
        return issue('FORBIDDEN_KEY', [...path, key], `The key "${key}" is not allowed.`);
      size += key.length;
      stack.push({ value: record[key], path: [...path, key], depth: depth + 1 });
    }
    if (size > limits.maxTotalSize)
      return issue('TOO_LARGE', path, `The rule set is larger than ${limits.maxTotalSize} characters.`);
  }
  return undefined;
}
