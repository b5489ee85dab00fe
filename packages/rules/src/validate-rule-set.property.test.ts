import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleSetIssue } from './issues.ts';
import { callbackWindowKind } from './kinds/callback-window.ts';
import { operatorsFor } from './operators/catalogue.ts';
import { probeRuleSet } from './testing/arbitraries.ts';
import { probeKind } from './testing/probe-kind.ts';
import { validateRuleSet, validateRuleSetOfKind } from './validate-rule-set.ts';

const issueCodes = [
  'TOO_LARGE',
  'TOO_DEEP',
  'NOT_JSON',
  'FORBIDDEN_KEY',
  'UNKNOWN_KIND',
  'UNKNOWN_FACT',
  'UNKNOWN_OPERATOR',
  'INVALID_PATH',
  'INVALID_VALUE',
  'INVALID_CONDITION',
  'DUPLICATE_RULE_ID',
  'INVALID_RULE_SET',
];

/** Rejected, with at least one issue, each a known code, a path and a sentence. */
function expectClearRejection(result: ReturnType<typeof validateRuleSet>): RuleSetIssue[] {
  expect(result.ok).toBe(false);
  const issues = result.ok ? [] : result.issues;
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issueCodes).toContain(issue.code);
    expect(typeof issue.path).toBe('string');
    expect(issue.message.length).toBeGreaterThan(5);
  }
  return issues;
}

/** The callback defaults with rule 3's first condition replaced. */
function withCondition(condition: unknown): unknown {
  const body = structuredClone(callbackWindowKind.defaults) as unknown as {
    rules: { conditions: unknown }[];
  };
  const rule = body.rules[3];
  if (rule) rule.conditions = { all: [condition] };
  return body;
}

/** Every (object, key) in a document, depth first. */
function placesIn(node: unknown, places: { parent: Record<string, unknown>; key: string }[] = []) {
  if (typeof node !== 'object' || node === null) return places;
  for (const [key, child] of Object.entries(node)) {
    places.push({ parent: node as Record<string, unknown>, key });
    placesIn(child, places);
  }
  return places;
}

const knownOperators = new Set(operatorsFor(callbackWindowKind.operators).keys());
const prototypeWord = fc.constantFrom('__proto__', 'constructor', 'prototype');

describe('validation of malformed and adversarial rule sets (property)', () => {
  it('rejects any JSON value that is not a rule set, with clear issues and without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectClearRejection(validateRuleSet('callbackWindow', value));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a valid rule set with any one value replaced by garbage, or accepts it unchanged', () => {
    const body = JSON.parse(JSON.stringify(callbackWindowKind.defaults));
    fc.assert(
      fc.property(
        fc.nat({ max: placesIn(body).length - 1 }),
        fc.jsonValue({ maxDepth: 3 }),
        (index, garbage) => {
          const mutated = structuredClone(body);
          const place = placesIn(mutated)[index];
          if (place) place.parent[place.key] = garbage;
          const result = validateRuleSet('callbackWindow', mutated);
          if (result.ok) expect(result.ruleSet).toEqual(mutated);
          else expectClearRejection(result);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects conditions nested thousands deep as too deep, without overflowing the stack', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 9, max: 10_000 }),
        fc.constantFrom('all', 'any', 'not'),
        (depth, operator) => {
          let nested: unknown = { fact: 'eventType', operator: 'equal', value: 'delivery' };
          for (let i = 0; i < depth; i += 1)
            nested = operator === 'not' ? { not: nested } : { [operator]: [nested] };
          const issues = expectClearRejection(validateRuleSet('callbackWindow', withCondition(nested)));
          expect(issues.map((issue) => issue.code)).toEqual(['TOO_DEEP']);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects oversized arrays anywhere as too large, naming the array', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 201, max: 200_000 }),
        fc.constantFrom('value', 'rules', 'orderTypes'),
        (length, where) => {
          const big = new Array(length).fill('delivery');
          const body =
            where === 'rules'
              ? { ...callbackWindowKind.defaults, rules: big }
              : withCondition({
                  fact: where === 'value' ? 'eventType' : 'orderTypes',
                  operator: 'in',
                  value: big,
                });
          const issues = expectClearRejection(validateRuleSet('callbackWindow', body));
          expect(issues).toEqual([
            expect.objectContaining({
              code: 'TOO_LARGE',
              path: where === 'rules' ? 'rules' : 'rules[3].conditions.all[0].value',
            }),
          ]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rejects prototype words as fact names, in paths and as keys', () => {
    fc.assert(
      fc.property(prototypeWord, fc.constantFrom('fact', 'path', 'key', 'reference'), (word, where) => {
        const condition =
          where === 'fact'
            ? { fact: word, operator: 'equal', value: 1 }
            : where === 'path'
              ? { fact: 'customer', path: `$.${word}.vip`, operator: 'equal', value: true }
              : where === 'reference'
                ? { fact: 'payer', operator: 'equal', value: { fact: 'customer', path: `$.${word}` } }
                : JSON.parse(`{"fact":"payer","operator":"equal","value":1,"${word}":{"x":1}}`);
        const [issue] = expectClearRejection(validateRuleSet('callbackWindow', withCondition(condition)));
        expect(issue?.code).toBe(
          { fact: 'UNKNOWN_FACT', path: 'INVALID_PATH', reference: 'INVALID_PATH', key: 'FORBIDDEN_KEY' }[
            where
          ],
        );
      }),
    );
  });

  it('rejects unknown operators, pointing at the operator', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((name) => !knownOperators.has(name)),
        (operator) => {
          const issues = expectClearRejection(
            validateRuleSet('callbackWindow', withCondition({ fact: 'payer', operator, value: 'self' })),
          );
          expect(issues[0]).toMatchObject({ path: 'rules[3].conditions.all[0].operator' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts valid rule sets and returns them unchanged, so they round-trip through publish', () => {
    fc.assert(
      fc.property(probeRuleSet, (body) => {
        const stored = JSON.parse(JSON.stringify(body));
        const result = validateRuleSetOfKind(probeKind, stored);
        expect(result.ok ? [] : result.issues).toEqual([]);
        expect(result.ok && result.ruleSet).toEqual(body);
      }),
      { numRuns: 300 },
    );
  });
});
