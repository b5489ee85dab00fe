import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileRuleSetOfKind } from './compile.ts';
import { defineRuleKind } from './define-kind.ts';
import { type DecidedBy, decidedBy } from './firing.ts';
import { createReferenceEngine } from './reference-engine.ts';
import { validateRuleSetOfKind } from './validate-rule-set.ts';

// The worked example of packages/rules/README.md, kept honest by this test.
const deliveryGiftKind = defineRuleKind({
  name: 'deliveryGift',
  title: '交车礼品',
  description: 'Which gift a new-car buyer receives at delivery.',
  facts: z.object({
    vehicle: z.object({ series: z.string().max(100) }),
    customer: z.object({ referred: z.boolean().optional() }).optional(),
  }),
  events: { giveGift: z.object({ gift: z.string().min(1).max(100) }).strict() },
  settings: {},
  decide({ firings }): { gift: string; decidedBy: DecidedBy } | null {
    const first = firings[0];
    return first ? { gift: first.params.gift, decidedBy: decidedBy(first) } : null;
  },
  defaults: {
    kind: 'deliveryGift',
    rules: [
      {
        id: 'referred-buyers',
        name: '转介绍客户赠送全车贴膜',
        priority: 20,
        conditions: { all: [{ fact: 'customer', path: '$.referred', operator: 'equal', value: true }] },
        event: { type: 'giveGift', params: { gift: '全车贴膜' } },
      },
      {
        id: 'suv-buyers',
        name: 'SUV车主赠送脚垫',
        priority: 10,
        conditions: {
          all: [{ fact: 'vehicle', path: '$.series', operator: 'inSet', value: ['RAV4', '汉兰达'] }],
        },
        event: { type: 'giveGift', params: { gift: '脚垫' } },
      },
    ],
  },
});

describe('defineRuleKind', () => {
  it('makes a new kind that validates, compiles and agrees with json-rules-engine', async () => {
    const compiled = compileRuleSetOfKind(deliveryGiftKind, deliveryGiftKind.defaults, 1);
    const facts = { vehicle: { series: 'RAV4' }, customer: { referred: true } };
    expect(compiled.decide(facts, '2024-05-01')).toEqual({
      gift: '全车贴膜',
      decidedBy: { ruleId: 'referred-buyers', ruleName: '转介绍客户赠送全车贴膜', ruleSetVersion: 1 },
    });
    const reference = createReferenceEngine(deliveryGiftKind, compiled.ruleSet, 1);
    expect((await reference.run(facts, '2024-05-01')).firings).toEqual(compiled.fire(facts, '2024-05-01'));
  });

  it('rejects facts and events the kind does not declare', () => {
    const result = validateRuleSetOfKind(deliveryGiftKind, {
      kind: 'deliveryGift',
      rules: [
        {
          id: 'x',
          name: 'x',
          conditions: { all: [{ fact: 'mileage', operator: 'greaterThan', value: 1 }] },
          event: { type: 'giveCash', params: {} },
        },
      ],
    });
    expect(!result.ok && result.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['UNKNOWN_FACT', 'rules[0].conditions.all[0].fact'],
      ['INVALID_VALUE', 'rules[0].event.type'],
    ]);
  });

  it('refuses a fact name every object inherits', () => {
    expect(() =>
      defineRuleKind({
        name: 'reserved',
        title: '保留',
        description: 'A kind whose fact name collides with Object.prototype.',
        facts: z.object({ toString: z.string() }),
        events: { noted: z.object({}).strict() },
        settings: {},
        decide: ({ firings }) => firings.length,
        defaults: { kind: 'reserved', rules: [] },
      }),
    ).toThrow(/reserved/);
  });
});
