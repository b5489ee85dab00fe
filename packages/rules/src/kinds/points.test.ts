import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { awardPeriodStart, pointsForSpend, pointsKind } from './points.ts';

const compiled = compileRuleSet({ kind: 'points', ruleSet: pointsKind.defaults, version: 1 });

describe('points defaults', () => {
  it('earns 1 point per whole yuan of self-paid spend', () => {
    const decision = compiled.decide(
      { eventType: 'repairOrder', order: { types: ['maintenance'], payer: 'self', selfPaidFen: 123_456 } },
      '2024-05-01',
    );
    expect(decision.totalPoints).toBe(1_234);
    expect(decision.entries).toEqual([
      {
        points: 1_234,
        reason: 'selfPaidSpend',
        decidedBy: {
          ruleId: 'self-paid-spend',
          ruleName: '自费维修消费每1元积1分(保险赔付、免费保养部分不积分)',
          ruleSetVersion: 1,
        },
      },
    ]);
  });

  it('earns nothing for what the insurer paid or for free maintenance', () => {
    const insurance = compiled.decide(
      { eventType: 'repairOrder', order: { types: ['insuranceRepair'], payer: 'insurance', selfPaidFen: 0 } },
      '2024-05-01',
    );
    const free = compiled.decide(
      {
        eventType: 'repairOrder',
        order: { types: ['firstMaintenance'], payer: 'freeMaintenance', selfPaidFen: 0 },
      },
      '2024-05-01',
    );
    expect([insurance.totalPoints, free.totalPoints]).toEqual([0, 0]);
  });

  it('earns on the self-paid part of an accident repair', () => {
    const decision = compiled.decide(
      {
        eventType: 'repairOrder',
        order: { types: ['insuranceRepair'], payer: 'insurance', selfPaidFen: 30_099 },
      },
      '2024-05-01',
    );
    expect(decision.totalPoints).toBe(300);
  });

  it.each([
    [undefined, 200],
    [350, 350],
    [100, 200],
    [800, 500],
  ])('gives 200 to 500 points per member activity (staff asked %s → %i)', (requestedPoints, expected) => {
    const activity = requestedPoints === undefined ? {} : { requestedPoints };
    expect(compiled.decide({ eventType: 'memberActivity', activity }, '2024-05-01').totalPoints).toBe(
      expected,
    );
  });

  it('gives 200 points for an accepted suggestion', () => {
    expect(
      compiled.decide({ eventType: 'suggestionAccepted' }, '2024-05-01').entries.map((e) => e.points),
    ).toEqual([200]);
  });

  it('counts whole yuan only', () => {
    expect(pointsForSpend(99, 1)).toBe(0);
    expect(pointsForSpend(100, 1)).toBe(1);
    expect(pointsForSpend(1_050, 1.5)).toBe(15);
  });

  it('lets a store exclude a payer entirely', () => {
    const store = {
      ...pointsKind.defaults,
      expireAfterMonths: 24,
      rules: [
        ...pointsKind.defaults.rules,
        {
          id: 'no-points-on-warranty',
          name: '索赔工单不积分',
          priority: 100,
          conditions: { all: [{ fact: 'order', path: '$.payer', operator: 'equal', value: 'warranty' }] },
          event: { type: 'noPoints', params: { reason: 'warranty' } },
        },
      ],
    };
    const decision = compileRuleSet({ kind: 'points', ruleSet: store, version: 2 }).decide(
      {
        eventType: 'repairOrder',
        order: { types: ['warrantyClaim'], payer: 'warranty', selfPaidFen: 5_000 },
      },
      '2024-05-01',
    );
    expect(decision).toMatchObject({
      totalPoints: 0,
      entries: [],
      excluded: { reason: 'warranty' },
      expireAfterMonths: 24,
    });
  });
});

describe('the award cap', () => {
  it('caps awards at 1,000 points a month by default, also for a rule set saved before the cap', () => {
    const { awardCap: _, ...saved } = pointsKind.defaults;
    const decision = compileRuleSet({ kind: 'points', ruleSet: saved, version: 3 }).decide(
      { eventType: 'suggestionAccepted' },
      '2024-05-01',
    );
    expect(decision.awardCap).toEqual({ points: 1000, period: 'month' });
  });

  it('lets a store set its own cap, or none', () => {
    const decide = (awardCap: unknown) =>
      compileRuleSet({ kind: 'points', ruleSet: { ...pointsKind.defaults, awardCap }, version: 4 }).decide(
        { eventType: 'memberActivity' },
        '2024-05-01',
      ).awardCap;
    expect(decide({ points: 3000, period: 'quarter' })).toEqual({ points: 3000, period: 'quarter' });
    expect(decide(null)).toBeNull();
  });

  it.each([
    ['month', '2024-05-31', '2024-05-01'],
    ['quarter', '2024-05-31', '2024-04-01'],
    ['quarter', '2024-12-01', '2024-10-01'],
    ['quarter', '2024-01-15', '2024-01-01'],
    ['year', '2024-08-09', '2024-01-01'],
  ] as const)('starts a %s period holding %s on %s', (period, today, start) => {
    expect(awardPeriodStart(period, today)).toBe(start);
  });
});
