import type { RuleFiring } from './firing.ts';
import { InvalidRuleSetError } from './issues.ts';
import { deepFreeze, type ParsedRuleSet, priorityOf } from './parsed-rule-set.ts';
import { createReferenceEngine } from './reference-engine.ts';
import { type DecisionOf, type FactsOf, type RuleKindName, ruleKind } from './registry.ts';
import { validateRuleSetOfKind } from './validate-rule-set.ts';

/**
 * How one condition evaluated. `passed` is undefined when the engine never reached it
 * (an `all` already failed, an `any` already passed).
 */
export type ConditionTrace =
  | { kind: 'all' | 'any'; passed: boolean | undefined; conditions: ConditionTrace[] }
  | { kind: 'not'; passed: boolean | undefined; condition: ConditionTrace }
  | {
      kind: 'fact';
      fact: string;
      path: string | undefined;
      operator: string;
      value: unknown;
      /** The fact's value as the engine read it (after the path). */
      factValue: unknown;
      /** The value compared with, after reading a fact reference. */
      comparedWith: unknown;
      passed: boolean | undefined;
    };

export interface RuleExplanation {
  ruleId: string;
  ruleName: string;
  priority: number;
  fired: boolean;
  event: { type: string; params: unknown };
  conditions: ConditionTrace;
}

export interface Explanation<Name extends RuleKindName> {
  decision: DecisionOf<Name>;
  firings: RuleFiring[];
  /** Every rule in written order, with which of its conditions passed and the values read. */
  rules: RuleExplanation[];
}

export interface ExplainOptions<Name extends RuleKindName> {
  kind: Name;
  ruleSet: unknown;
  version: number;
  facts: FactsOf<Name>;
  now: string;
}

/**
 * Runs a rule set through json-rules-engine and explains the outcome rule by rule: the
 * simulation panel's "why". Facts are validated against the kind's facts schema first.
 */
export async function explainRuleSet<Name extends RuleKindName>(
  options: ExplainOptions<Name>,
): Promise<Explanation<Name>> {
  const kind = ruleKind(options.kind);
  const validation = validateRuleSetOfKind<ParsedRuleSet>(kind, options.ruleSet);
  if (!validation.ok) throw new InvalidRuleSetError(validation.issues);
  const ruleSet = deepFreeze(validation.ruleSet);
  const facts = kind.factsSchema.parse(options.facts);
  const { firings, ruleResults } = await createReferenceEngine(kind, ruleSet, options.version).run(
    facts,
    options.now,
  );
  const rules = ruleSet.rules.map((rule, index): RuleExplanation => {
    const result = ruleResults[index];
    return {
      ruleId: rule.id,
      ruleName: rule.name,
      priority: priorityOf(rule),
      fired: result?.result === true,
      event: rule.event,
      conditions: traceOf(result?.conditions, result ? result.result === true : undefined),
    };
  });
  const decision = kind.decide({ firings, facts, ruleSet, now: options.now }) as DecisionOf<Name>;
  return { decision, firings, rules };
}

/** Reads json-rules-engine's evaluated condition tree; the root's result is the rule's. */
function traceOf(node: unknown, rootPassed?: boolean): ConditionTrace {
  const record = typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
  const passed = rootPassed ?? (typeof record.result === 'boolean' ? record.result : undefined);
  if (Array.isArray(record.any))
    return { kind: 'any', passed, conditions: record.any.map((child) => traceOf(child)) };
  if (Array.isArray(record.all))
    return { kind: 'all', passed, conditions: record.all.map((child) => traceOf(child)) };
  if (record.not !== undefined) return { kind: 'not', passed, condition: traceOf(record.not) };
  return {
    kind: 'fact',
    fact: String(record.fact),
    path: typeof record.path === 'string' ? record.path : undefined,
    operator: String(record.operator),
    value: record.value,
    factValue: record.factResult,
    comparedWith: record.valueResult,
    passed,
  };
}
