import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.ts';
import { InvalidRuleSetError } from './issues.ts';
import { callbackWindowKind } from './kinds/callback-window.ts';
import { ruleSetLimits } from './limits.ts';
import { ruleKinds } from './registry.ts';
import { validateRuleSet } from './validate-rule-set.ts';

type Body = Record<string, unknown> & { rules: Record<string, unknown>[] };
const callbackWindow = (): Body => structuredClone(callbackWindowKind.defaults) as unknown as Body;
const withRule3Conditions = (conditions: unknown): Body => {
  const body = callbackWindow();
  body.rules[3] = { ...body.rules[3], conditions };
  return body;
};
const issuesOf = (body: unknown) => {
  const result = validateRuleSet('callbackWindow', body);
  return result.ok ? [] : result.issues;
};

describe('validateRuleSet', () => {
  it.each(Object.keys(ruleKinds) as (keyof typeof ruleKinds)[])(
    'accepts the %s defaults and returns them unchanged',
    (kind) => {
      const stored = JSON.parse(JSON.stringify(ruleKinds[kind].defaults));
      const result = validateRuleSet(kind, stored);
      expect(result.ok && result.ruleSet).toEqual(ruleKinds[kind].defaults);
    },
  );

  it('points at an unknown operator with its JSON path', () => {
    const body = withRule3Conditions({
      all: [{ fact: 'eventType', operator: 'equals', value: 'repairOrder' }],
    });
    expect(issuesOf(body)).toEqual([
      {
        code: 'UNKNOWN_OPERATOR',
        path: 'rules[3].conditions.all[0].operator',
        message: expect.stringMatching(
          /^Unknown operator "equals"; use one of: equal, notEqual, .*daysSinceAtLeast/,
        ),
      },
    ]);
  });

  it('rejects facts the kind does not read, and fields its facts do not have', () => {
    const body = withRule3Conditions({
      any: [
        { fact: 'mileage', operator: 'greaterThan', value: 1 },
        { fact: 'vehicle', path: '$.milageKm', operator: 'mileageAtLeast', value: 1 },
      ],
    });
    expect(issuesOf(body)).toEqual([
      {
        code: 'UNKNOWN_FACT',
        path: 'rules[3].conditions.any[0].fact',
        message:
          'Unknown fact "mileage"; this kind reads: eventType, occurredOn, orderTypes, payer, customer, vehicle.',
      },
      {
        code: 'UNKNOWN_FACT',
        path: 'rules[3].conditions.any[1].path',
        message: 'The fact "vehicle" has no field "milageKm"; it has: series, model, vin, mileageKm.',
      },
    ]);
  });

  it.each([
    [
      'a path through __proto__',
      { fact: 'customer', path: '$.__proto__.vip', operator: 'equal', value: true },
      'INVALID_PATH',
      'rules[3].conditions.all[0].path',
    ],
    [
      'a path through constructor',
      { fact: 'customer', path: '$.constructor.prototype', operator: 'equal', value: true },
      'INVALID_PATH',
      'rules[3].conditions.all[0].path',
    ],
    [
      'a fact named __proto__',
      { fact: '__proto__', operator: 'equal', value: true },
      'UNKNOWN_FACT',
      'rules[3].conditions.all[0].fact',
    ],
    [
      'a fact named constructor',
      { fact: 'constructor', operator: 'equal', value: true },
      'UNKNOWN_FACT',
      'rules[3].conditions.all[0].fact',
    ],
    [
      'a JSONPath filter',
      { fact: 'customer', path: '$..[?(@.vip)]', operator: 'equal', value: true },
      'INVALID_PATH',
      'rules[3].conditions.all[0].path',
    ],
  ])('rejects %s', (_, condition, code, path) => {
    expect(issuesOf(withRule3Conditions({ all: [condition] }))).toEqual([
      { code, path, message: expect.any(String) },
    ]);
  });

  it('rejects a __proto__ key anywhere in the document', () => {
    const body = JSON.parse(
      '{"kind":"callbackWindow","smsFallbackAfterAttempts":4,"rules":[{"id":"a","name":"a","conditions":{"all":[]},"event":{"type":"suppressCallback","params":{"reason":"x","__proto__":{"polluted":true}}}}]}',
    );
    expect(issuesOf(body)).toEqual([
      {
        code: 'FORBIDDEN_KEY',
        path: 'rules[0].event.params.__proto__',
        message: 'The key "__proto__" is not allowed.',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects 10,000 nested conditions without overflowing the stack', () => {
    let nested: unknown = { fact: 'eventType', operator: 'equal', value: 'delivery' };
    for (let i = 0; i < 10_000; i += 1) nested = { not: nested };
    const [first, ...rest] = issuesOf(withRule3Conditions({ all: [nested] }));
    expect(rest).toEqual([]);
    expect(first?.code).toBe('TOO_DEEP');
    expect(first?.path.startsWith('rules[3].conditions.all[0].not.not')).toBe(true);
  });

  it('rejects conditions nested deeper than the condition limit', () => {
    let nested: unknown = { fact: 'eventType', operator: 'equal', value: 'delivery' };
    for (let i = 0; i < ruleSetLimits.maxConditionDepth + 1; i += 1) nested = { any: [nested] };
    expect(issuesOf(withRule3Conditions({ all: [nested] })).map((issue) => issue.code)).toEqual(['TOO_DEEP']);
  });

  it('rejects a 1 MB array', () => {
    const body = withRule3Conditions({
      all: [{ fact: 'eventType', operator: 'in', value: new Array(1_000_000).fill('delivery') }],
    });
    expect(issuesOf(body)).toEqual([
      {
        code: 'TOO_LARGE',
        path: 'rules[3].conditions.all[0].value',
        message: `A list may hold at most ${ruleSetLimits.maxArrayLength} items; this one has 1000000.`,
      },
    ]);
  });

  it('rejects more than 100 rules', () => {
    const body = callbackWindow();
    const [rule] = body.rules;
    body.rules = Array.from({ length: 101 }, (_, index) => ({ ...rule, id: `rule-${index}` }));
    expect(issuesOf(body).map((issue) => issue.path)).toEqual(['rules']);
  });

  it('rejects rule sets whose evaluation would cost too much per event', () => {
    const body = callbackWindow();
    const list = Array.from({ length: 200 }, (_, index) => index);
    body.rules = Array.from({ length: 100 }, (_, index) => ({
      id: `rule-${index}`,
      name: 'costly',
      conditions: { all: [{ fact: 'eventType', operator: 'in', value: list }] },
      event: { type: 'suppressCallback', params: { reason: 'x' } },
    }));
    expect(issuesOf(body)).toEqual([
      { code: 'TOO_LARGE', path: 'rules', message: expect.stringMatching(/limit is 20000/) },
    ]);
  });

  it('rejects a leaf at the top, shared condition references, fact params and two operators in one node', () => {
    expect(
      issuesOf(withRule3Conditions({ fact: 'eventType', operator: 'equal', value: 'delivery' }))[0]?.message,
    ).toMatch(/must start with "all", "any" or "not"/);
    expect(issuesOf(withRule3Conditions({ all: [{ condition: 'isDelivery' }] }))[0]?.path).toBe(
      'rules[3].conditions.all[0].condition',
    );
    expect(
      issuesOf(
        withRule3Conditions({ all: [{ fact: 'eventType', params: {}, operator: 'equal', value: 1 }] }),
      )[0]?.message,
    ).toMatch(/Fact params are not supported/);
    expect(issuesOf(withRule3Conditions({ all: [], any: [] }))[0]?.message).toMatch(/not all and any/);
  });

  it('checks each operator value: a reversed day range, a fact reference where a written value is needed', () => {
    const body = withRule3Conditions({
      all: [
        { fact: 'occurredOn', operator: 'daysSinceBetween', value: [10, 5] },
        { fact: 'orderTypes', operator: 'inSet', value: { fact: 'payer' } },
        { fact: 'payer', operator: 'equal', value: { fact: 'eventType' } },
      ],
    });
    expect(issuesOf(body).map(({ code, path }) => [code, path])).toEqual([
      ['INVALID_VALUE', 'rules[3].conditions.all[0].value'],
      ['INVALID_VALUE', 'rules[3].conditions.all[1].value'],
    ]);
  });

  it('rejects duplicate rule ids and event params that break the kind schema', () => {
    const body = callbackWindow();
    body.rules[1] = { ...body.rules[1], id: body.rules[0]?.id };
    body.rules[2] = {
      ...body.rules[2],
      event: { type: 'openCallback', params: { callback: 'sales', fromDay: 10, toDay: 7 } },
    };
    expect(issuesOf(body).map(({ code, path }) => [code, path])).toEqual([
      ['DUPLICATE_RULE_ID', 'rules[1].id'],
      ['INVALID_VALUE', 'rules[2].event.params.toDay'],
    ]);
  });

  it('refuses to compile an invalid rule set, naming the first problem', () => {
    const body = withRule3Conditions({
      all: [{ fact: 'eventType', operator: 'equals', value: 'repairOrder' }],
    });
    expect(() => compileRuleSet({ kind: 'callbackWindow', ruleSet: body, version: 1 })).toThrow(
      InvalidRuleSetError,
    );
    expect(() => compileRuleSet({ kind: 'callbackWindow', ruleSet: body, version: 1 })).toThrow(
      /rules\[3\]\.conditions\.all\[0\]\.operator: Unknown operator "equals"/,
    );
  });
});
