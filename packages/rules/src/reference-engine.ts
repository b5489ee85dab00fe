import { Engine, type EngineResult, type RuleResult } from 'json-rules-engine';
import { clockAt, type EvaluationClock } from './calendar.ts';
import type { AnyRuleKind } from './define-kind.ts';
import { resolveFactPath } from './fact-path.ts';
import type { RuleFiring } from './firing.ts';
import { sharedDomainOperators } from './operators/catalogue.ts';
import type { PreparedTest } from './operators/operator.ts';
import { type ParsedRuleSet, priorityOf } from './parsed-rule-set.ts';

/**
 * The engine options we run json-rules-engine with, stated once; the compiled path
 * matches them. A fact the caller did not pass reads as undefined (optional facts such
 * as a birthday simply fail their conditions instead of failing the whole run).
 */
export const referenceEngineOptions = {
  allowUndefinedFacts: true,
  allowUndefinedConditions: false,
  replaceFactsInEventParams: false,
  pathResolver: resolveFactPath,
} as const;

export interface ReferenceRun {
  /** Firings in decision order, built from the engine's successful results. */
  firings: RuleFiring[];
  /** Every rule's result as the engine reports it (for explanations), in written order. */
  ruleResults: (RuleResult | undefined)[];
}

export interface ReferenceEngine {
  run(facts: Readonly<Record<string, unknown>>, now: string): Promise<ReferenceRun>;
}

/**
 * json-rules-engine set up for one validated rule set: the oracle and the explainer. The
 * engine is built once and reused. Our day operators need `now`, which an engine
 * operator cannot receive, so runs are serialised and each sets the clock first.
 */
export function createReferenceEngine(
  kind: AnyRuleKind,
  ruleSet: ParsedRuleSet,
  version: number,
): ReferenceEngine {
  let clock: EvaluationClock = clockAt('1970-01-01');
  const engine = new Engine([], { ...referenceEngineOptions });
  for (const operator of [...sharedDomainOperators, ...kind.operators]) {
    const byObject = new WeakMap<object, PreparedTest>();
    const byScalar = new Map<unknown, PreparedTest>();
    engine.addOperator(operator.name, (factValue: unknown, jsonValue: unknown) => {
      const isObject = typeof jsonValue === 'object' && jsonValue !== null;
      let test = isObject ? byObject.get(jsonValue) : byScalar.get(jsonValue);
      if (test === undefined) {
        test = operator.prepare(jsonValue);
        if (isObject) byObject.set(jsonValue, test);
        else byScalar.set(jsonValue, test);
      }
      return test(factValue, clock);
    });
  }
  const indexById = new Map<string, number>();
  ruleSet.rules.forEach((rule, index) => {
    indexById.set(rule.id, index);
    // The engine writes into condition objects it is given; hand it copies.
    engine.addRule({
      name: rule.id,
      priority: priorityOf(rule),
      conditions: structuredClone(rule.conditions),
      event: structuredClone(rule.event) as { type: string; params?: Record<string, unknown> },
    });
  });

  const toRun = (result: EngineResult): ReferenceRun => {
    const ruleResults: (RuleResult | undefined)[] = ruleSet.rules.map(() => undefined);
    for (const ruleResult of [...result.results, ...result.failureResults]) {
      const index = indexById.get(ruleResult.name);
      if (index !== undefined) ruleResults[index] = ruleResult;
    }
    const firings: RuleFiring[] = [];
    ruleSet.rules.forEach((rule, index) => {
      const ruleResult = ruleResults[index];
      if (ruleResult?.result !== true) return;
      firings.push({
        ruleId: rule.id,
        ruleName: rule.name,
        ruleSetVersion: version,
        priority: ruleResult.priority ?? 1,
        type: ruleResult.event?.type ?? '',
        params: ruleResult.event?.params,
      });
    });
    // Within one priority the engine settles rules in parallel; order them as written.
    const order = (firing: RuleFiring) => indexById.get(firing.ruleId) ?? 0;
    firings.sort((a, b) => b.priority - a.priority || order(a) - order(b));
    return { firings, ruleResults };
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(facts, now) {
      const runClock = clockAt(now);
      const next = queue.then(async () => {
        clock = runClock;
        return toRun(await engine.run({ ...facts }));
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
