import { classificationKind } from '@crm/rules';
import { describe, expect, it } from 'vitest';
import { tierProgress } from './tier-progress.ts';

const tiers = [
  { code: 'silver', label: '银卡' },
  { code: 'gold', label: '金卡' },
  { code: 'goldDiamond', label: '金钻' },
];
const rules = {
  rules: [
    {
      id: 'tier-gold',
      name: '金卡',
      conditions: {
        all: [
          { fact: 'member', path: '$.tier', operator: 'in', value: ['silver', 'gold'] },
          { fact: 'spend', path: '$.cumulativeFen', operator: 'greaterThanInclusive', value: 3_000_000 },
          { fact: 'maintenanceAttendancePercent', operator: 'greaterThan', value: 80 },
        ],
      },
      event: { type: 'moveTier', params: { tier: 'gold' } },
    },
  ],
};

describe('progress to the next tier', () => {
  it("lists each threshold of the rule that moves to the next tier, against the card's figures", () => {
    const progress = tierProgress(rules, tiers, 'silver', {
      spend: { cumulativeFen: 1_250_000 },
      maintenanceAttendancePercent: 100,
    });
    expect(progress).toEqual({
      nextTier: { code: 'gold', label: '金卡' },
      ruleId: 'tier-gold',
      ruleName: '金卡',
      requirements: [
        {
          fact: 'spend.cumulativeFen',
          operator: 'greaterThanInclusive',
          required: 3_000_000,
          current: 1_250_000,
          met: false,
        },
        {
          fact: 'maintenanceAttendancePercent',
          operator: 'greaterThan',
          required: 80,
          current: 100,
          met: true,
        },
      ],
    });
  });

  it('an unknown figure is not met; the top tier has nothing above it; a tier with no rule has no thresholds', () => {
    expect(tierProgress(rules, tiers, 'silver', {}).requirements.map((r) => [r.current, r.met])).toEqual([
      [null, false],
      [null, false],
    ]);
    expect(tierProgress(rules, tiers, 'goldDiamond', {})).toEqual({
      nextTier: null,
      ruleId: null,
      ruleName: null,
      requirements: [],
    });
    expect(tierProgress(rules, tiers, 'gold', {})).toMatchObject({
      nextTier: { code: 'goldDiamond' },
      ruleId: null,
      requirements: [],
    });
  });

  it('reads the default classification rules', () => {
    const progress = tierProgress(
      classificationKind.defaults as Parameters<typeof tierProgress>[0],
      tiers,
      'gold',
      { spend: { cumulativeFen: 0 } },
    );
    expect(progress.nextTier?.code).toBe('goldDiamond');
    expect(progress.requirements.length).toBeGreaterThan(0);
  });
});
