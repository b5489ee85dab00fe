import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { discountTierKind, percentOfFen } from './discount-tier.ts';

const compiled = compileRuleSet({ kind: 'discountTier', ruleSet: discountTierKind.defaults, version: 1 });
const order = {
  types: ['maintenance' as const],
  payer: 'self' as const,
  labourFen: 40_000,
  partsFen: 123_456,
};

describe('discountTier defaults', () => {
  // Seed 000: 银卡(9 折)会员卡(9.5 折); seed 004: the 金钻 member's fast lane.
  it.each([
    // tier, labour % off, parts % off, labour discount fen, parts discount fen, fast lane
    ['member', 5, 5, 2_000, 6_173, false],
    ['silver', 10, 10, 4_000, 12_346, false],
    ['goldDiamond', 15, 15, 6_000, 18_518, true],
  ] as const)(
    'gives a %s member %i%% off labour and %i%% off parts',
    (tier, labour, parts, labourFen, partsFen, fastLane) => {
      const decision = compiled.decide({ member: { tier, cardPresented: true }, order }, '2024-05-01');
      expect(decision.denied).toBeNull();
      expect(decision.discount).toMatchObject({
        labourPercentOff: labour,
        partsPercentOff: parts,
        labourDiscountFen: labourFen,
        partsDiscountFen: partsFen,
        fastLane,
      });
    },
  );

  it('never discounts an accident repair the insurer pays', () => {
    const decision = compiled.decide(
      {
        member: { tier: 'goldDiamond', cardPresented: true },
        order: { ...order, types: ['insuranceRepair'], payer: 'insurance' },
      },
      '2024-05-01',
    );
    expect(decision.discount).toBeNull();
    expect(decision.denied?.reason).toBe('insuranceRepair');
    expect(decision.denied?.decidedBy.ruleId).toBe('never-on-accident-or-insurance-repairs');
  });

  it("offers the seeds' three tiers, lowest first: 会员卡, 银卡, 金钻", () => {
    expect(discountTierKind.defaults.tiers).toEqual([
      { code: 'member', label: '会员卡' },
      { code: 'silver', label: '银卡' },
      { code: 'goldDiamond', label: '金钻' },
    ]);
  });

  it('gives nothing when the card was not presented before payment, or to a customer without a card', () => {
    expect(
      compiled.decide({ member: { tier: 'silver', cardPresented: false }, order }, '2024-05-01').denied
        ?.reason,
    ).toBe('cardNotPresented');
    expect(compiled.decide({ order }, '2024-05-01').discount).toBeNull();
  });

  it('gives nothing on an expired card (valid three years), but still on its last day', () => {
    const member = { tier: 'silver', cardPresented: true, cardValidUntil: '2024-04-30' };
    expect(compiled.decide({ member, order }, '2024-04-30').discount?.labourDiscountFen).toBe(4_000);
    expect(compiled.decide({ member, order }, '2024-05-01').denied?.reason).toBe('cardExpired');
  });

  it('never stacks discounts: the first grant by priority applies alone', () => {
    const store = {
      ...discountTierKind.defaults,
      rules: [
        ...discountTierKind.defaults.rules,
        {
          id: 'silver-maintenance-extra',
          name: '银卡保养工时8折',
          priority: 20,
          conditions: {
            all: [
              { fact: 'member', path: '$.tier', operator: 'equal', value: 'silver' },
              { fact: 'order', path: '$.types', operator: 'inSet', value: ['maintenance'] },
            ],
          },
          event: { type: 'grantDiscount', params: { labourPercentOff: 20, partsPercentOff: 0 } },
        },
      ],
    };
    const decision = compileRuleSet({ kind: 'discountTier', ruleSet: store, version: 2 }).decide(
      { member: { tier: 'silver', cardPresented: true }, order },
      '2024-05-01',
    );
    expect(decision.discount).toMatchObject({ labourDiscountFen: 8_000, partsDiscountFen: 0 });
    expect(decision.discount?.decidedBy.ruleId).toBe('silver-maintenance-extra');
  });

  it('rounds a percentage of fen to the nearest fen', () => {
    expect(percentOfFen(12_345, 5)).toBe(617);
    expect(percentOfFen(99, 10)).toBe(10);
    expect(percentOfFen(0, 15)).toBe(0);
  });
});
