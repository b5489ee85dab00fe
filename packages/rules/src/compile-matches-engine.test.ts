import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSetOfKind } from './compile.ts';
import type { ParsedRuleSet } from './parsed-rule-set.ts';
import { createReferenceEngine } from './reference-engine.ts';
import { now, probeFacts, probeRuleSet } from './testing/arbitraries.ts';
import { probeKind } from './testing/probe-kind.ts';
import { validateRuleSetOfKind } from './validate-rule-set.ts';

function bothEngines(body: unknown) {
  const validation = validateRuleSetOfKind<ParsedRuleSet>(probeKind, body);
  if (!validation.ok)
    throw new Error(`generator made an invalid rule set: ${JSON.stringify(validation.issues)}`);
  return {
    compiled: compileRuleSetOfKind(probeKind, body, 7),
    reference: createReferenceEngine(probeKind, validation.ruleSet, 7),
  };
}

describe('the compiled path decides exactly as json-rules-engine', () => {
  it('fires the same rules, in the same order, with the same params, on random rule sets and facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        probeRuleSet,
        fc.array(fc.tuple(probeFacts, now), { minLength: 1, maxLength: 6 }),
        async (body, samples) => {
          const { compiled, reference } = bothEngines(body);
          for (const [facts, at] of samples) {
            const expected = await reference.run(facts, at);
            expect(compiled.fire(facts, at)).toEqual(expected.firings);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it.each([
    ['an empty any passes', { any: [] }, {}, true],
    ['an empty all passes', { all: [] }, {}, true],
    [
      'a missing fact is not equal to anything',
      { all: [{ fact: 's', operator: 'notEqual', value: 'a' }] },
      {},
      true,
    ],
    ['a missing fact is in no list', { all: [{ fact: 's', operator: 'notIn', value: ['a'] }] }, {}, true],
    [
      'numeric text passes a numeric comparison',
      { all: [{ fact: 'n', operator: 'greaterThan', value: 10 }] },
      { n: '12abc' },
      false,
    ],
    [
      'a path on a scalar reads the scalar',
      { all: [{ fact: 'n', path: '$.a', operator: 'equal', value: 5 }] },
      { n: 5 },
      true,
    ],
    [
      'a path never reaches a prototype',
      { all: [{ fact: 'obj', path: '$.a', operator: 'equal', value: null }] },
      { obj: Object.create({ a: null }) },
      false,
    ],
  ])('%s', async (_, conditions, facts, fires) => {
    const { compiled, reference } = bothEngines({
      kind: 'probe',
      rules: [{ id: 'r', name: 'r', conditions, event: { type: 'hit', params: { n: 0 } } }],
    });
    const fromEngine = await reference.run(facts, '2024-05-01');
    expect(fromEngine.firings.length > 0).toBe(fires);
    expect(compiled.fire(facts, '2024-05-01')).toEqual(fromEngine.firings);
  });
});
