import type { TopLevelCondition } from './conditions.ts';

/** A validated rule set as the compiler and the reference engine read it, whatever its kind. */
export interface ParsedRule {
  id: string;
  name: string;
  priority?: number | undefined;
  conditions: TopLevelCondition;
  event: { type: string; params: unknown };
}

export interface ParsedRuleSet {
  kind: string;
  rules: ParsedRule[];
}

/** json-rules-engine's default priority for a rule that names none. */
export function priorityOf(rule: ParsedRule): number {
  return rule.priority ?? 1;
}

/** Rule indexes in decision order: priority high to low, then as written. */
export function decisionOrder(rules: readonly ParsedRule[]): number[] {
  return rules
    .map((rule, index) => ({ index, priority: priorityOf(rule) }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .map((entry) => entry.index);
}

/** Freezes a validated body all the way down, so a cached compiled set cannot be altered. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === null || typeof next !== 'object' || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const child of Object.values(next)) stack.push(child);
  }
  return value;
}
