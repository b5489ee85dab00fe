import { clockAt, type EvaluationClock } from './calendar.ts';
import { type Condition, isAll, isAny, isFactReference, isNot, type LeafCondition } from './conditions.ts';
import type { AnyRuleKind } from './define-kind.ts';
import { parseFactPath, resolveSegments } from './fact-path.ts';
import type { RuleFiring } from './firing.ts';
import { InvalidRuleSetError } from './issues.ts';
import { ruleSetLimits } from './limits.ts';
import { operatorsFor } from './operators/catalogue.ts';
import type { OperatorDefinition } from './operators/operator.ts';
import { decisionOrder, deepFreeze, type ParsedRuleSet, priorityOf } from './parsed-rule-set.ts';
import { type DecisionOf, type FactsOf, type RuleKindName, ruleKind } from './registry.ts';
import { validateRuleSetOfKind } from './validate-rule-set.ts';

type Facts = Readonly<Record<string, unknown>>;
type Test = (facts: Facts, clock: EvaluationClock) => boolean;
type Read = (facts: Facts) => unknown;

/** A published rule set, compiled once: synchronous, allocation-light, for the hot path. */
export interface CompiledRuleSet<Name extends RuleKindName = RuleKindName> {
  readonly kind: Name;
  readonly version: number;
  /** The validated, frozen body. */
  readonly ruleSet: ParsedRuleSet;
  /** The rules that fire for these facts, in decision order (priority, then as written). */
  fire(facts: FactsOf<Name>, now: string): readonly RuleFiring[];
  /** The kind's typed decision for these facts. */
  decide(facts: FactsOf<Name>, now: string): DecisionOf<Name>;
}

export interface CompileRuleSetOptions<Name extends RuleKindName> {
  kind: Name;
  /** A rule-set body as stored (validated here; throws `InvalidRuleSetError` if invalid). */
  ruleSet: unknown;
  /** The rule-set version every decision will cite. */
  version: number;
}

/**
 * Compiles a rule set into a tree of closures built from the parsed conditions (never
 * `eval` or `new Function`). It decides exactly as json-rules-engine does with our engine
 * options: a missing fact reads as undefined, `all: []` and `any: []` pass, a path on a
 * non-object reads the fact itself, rules fire in priority order.
 *
 * @example
 * const compiled = compileRuleSet({ kind: 'callbackWindow', ruleSet: body, version: 3 });
 * compiled.decide({ eventType: 'delivery', occurredOn: '2024-05-01' }, '2024-05-01');
 */
export function compileRuleSet<Name extends RuleKindName>({
  kind,
  ruleSet,
  version,
}: CompileRuleSetOptions<Name>): CompiledRuleSet<Name> {
  const compiled = compileRuleSetOfKind(ruleKind(kind), ruleSet, version);
  return {
    kind,
    version,
    ruleSet: compiled.ruleSet,
    fire: compiled.fire,
    decide: (facts, now) => compiled.decide(facts, now) as DecisionOf<Name>,
  };
}

/** The compiler proper, for any kind object (registered or not, e.g. in tests). */
export function compileRuleSetOfKind(
  kind: AnyRuleKind,
  body: unknown,
  version: number,
): {
  ruleSet: ParsedRuleSet;
  fire(facts: Facts, now: string): readonly RuleFiring[];
  decide(facts: Facts, now: string): unknown;
} {
  const validation = validateRuleSetOfKind<ParsedRuleSet>(kind, body);
  if (!validation.ok) throw new InvalidRuleSetError(validation.issues);
  const ruleSet = deepFreeze(validation.ruleSet);
  const operators = operatorsFor(kind.operators);

  const rules = decisionOrder(ruleSet.rules).map((index) => {
    const rule = ruleSet.rules[index];
    if (rule === undefined) throw new Error('unreachable: rule index out of range');
    const firing: RuleFiring = Object.freeze({
      ruleId: rule.id,
      ruleName: rule.name,
      ruleSetVersion: version,
      priority: priorityOf(rule),
      type: rule.event.type,
      params: rule.event.params,
    });
    return { test: compileCondition(rule.conditions, operators), firing };
  });

  let lastNow = '';
  let lastClock: EvaluationClock = { nowMs: 0, todayMs: 0 };
  // Batches share one `now`; parse it once.
  const clockFor = (now: string): EvaluationClock => {
    if (now !== lastNow) {
      lastClock = clockAt(now);
      lastNow = now;
    }
    return lastClock;
  };

  const fire = (facts: Facts, now: string): RuleFiring[] => {
    const clock = clockFor(now);
    const fired: RuleFiring[] = [];
    for (const rule of rules) if (rule.test(facts, clock)) fired.push(rule.firing);
    return fired;
  };

  return {
    ruleSet,
    fire,
    decide: (facts, now) => kind.decide({ firings: fire(facts, now), facts, ruleSet, now }),
  };
}

function compileCondition(condition: Condition, operators: ReadonlyMap<string, OperatorDefinition>): Test {
  if (isAll(condition)) return allOf(condition.all.map((child) => compileCondition(child, operators)));
  if (isAny(condition)) return anyOf(condition.any.map((child) => compileCondition(child, operators)));
  if (isNot(condition)) {
    const inner = compileCondition(condition.not, operators);
    return (facts, clock) => !inner(facts, clock);
  }
  return compileLeaf(condition, operators);
}

// json-rules-engine: an empty list passes for both all and any.
function allOf(tests: Test[]): Test {
  const [first, second] = tests;
  if (first === undefined) return () => true;
  if (second === undefined) return first;
  if (tests.length === 2) return (facts, clock) => first(facts, clock) && second(facts, clock);
  return (facts, clock) => {
    for (const test of tests) if (!test(facts, clock)) return false;
    return true;
  };
}

function anyOf(tests: Test[]): Test {
  const [first, second] = tests;
  if (first === undefined) return () => true;
  if (second === undefined) return first;
  if (tests.length === 2) return (facts, clock) => first(facts, clock) || second(facts, clock);
  return (facts, clock) => {
    for (const test of tests) if (test(facts, clock)) return true;
    return false;
  };
}

function compileLeaf(condition: LeafCondition, operators: ReadonlyMap<string, OperatorDefinition>): Test {
  const operator = operators.get(condition.operator);
  if (operator === undefined)
    throw new Error(`unreachable: operator ${condition.operator} passed validation`);
  const read = factReader(condition.fact, condition.path);
  if (operator.source === 'domain') {
    const test = operator.prepare(condition.value);
    return (facts, clock) => test(read(facts), clock);
  }
  const value = condition.value;
  if (isFactReference(value)) {
    const readValue = factReader(value.fact, value.path);
    return (facts) => operator.test(read(facts), readValue(facts));
  }
  return (facts) => operator.test(read(facts), value);
}

/** Reads a fact as json-rules-engine's almanac does, with `allowUndefinedFacts`. */
function factReader(fact: string, path: string | undefined): Read {
  const readFact: Read = (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined);
  if (path === undefined) return readFact;
  const parsed = parseFactPath(path, ruleSetLimits.maxPathSegments);
  if (!parsed.ok) throw new Error(`unreachable: path ${path} passed validation`);
  const segments = parsed.segments;
  const [only] = segments;
  if (segments.length === 1 && only !== undefined) {
    return (facts) => {
      const value = readFact(facts);
      if (value === null || typeof value !== 'object') return value;
      return Object.hasOwn(value, only) ? (value as Record<string, unknown>)[only] : undefined;
    };
  }
  return (facts) => {
    const value = readFact(facts);
    return value !== null && typeof value === 'object' ? resolveSegments(value, segments) : value;
  };
}
