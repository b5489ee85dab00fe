import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { classificationKind } from './classification.ts';

const compiled = compileRuleSet({ kind: 'classification', ruleSet: classificationKind.defaults, version: 1 });
const now = '2024-05-01';

describe('classification defaults', () => {
  it('marks a customer lost after 365 days without a visit, not after 364', () => {
    expect(compiled.decide({ lastVisitDate: '2023-05-03' }, now).lost).toBeNull();
    expect(compiled.decide({ lastVisitDate: '2023-05-02' }, now).lost).toEqual({
      reason: 'noVisitFor365Days',
      decidedBy: {
        ruleId: 'lost-after-365-days',
        ruleName: '12个月(365天)以上未来店为流失客户',
        ruleSetVersion: 1,
      },
    });
  });

  it.each([
    [{ visits: { last6Months: 2, last12Months: 4, last36Months: 9 } }, 'A', true],
    [{ spend: { cumulativeFen: 2_000_000, last12MonthsFen: 2_000_000 } }, 'A', true],
    [{ visits: { last6Months: 1, last12Months: 2, last36Months: 3 } }, 'B', true],
    [{ spend: { cumulativeFen: 600_000, last12MonthsFen: 499_999 } }, 'C', false],
    [{}, 'C', false],
  ] as const)('grades %j as %s (asked for referrals: %s)', (facts, grade, askForReferral) => {
    expect(compiled.decide(facts, now).grade).toMatchObject({ grade, askForReferral });
  });

  it.each([
    [100, 'everyMaintenance'],
    [80, 'everyMaintenance'],
    [50, 'sometimes'],
    [0, 'never'],
  ] as const)(
    'judges loyalty from maintenance attendance after the first maintenance (%i%% → %s)',
    (percent, category) => {
      expect(
        compiled.decide({ firstMaintenanceDone: true, maintenanceAttendancePercent: percent }, now).loyalty
          ?.category,
      ).toBe(category);
    },
  );

  it('has no loyalty category before the first maintenance', () => {
    expect(
      compiled.decide({ firstMaintenanceDone: false, maintenanceAttendancePercent: 0 }, now).loyalty,
    ).toBeNull();
  });

  it('moves members up and down tiers by cumulative spend and loyalty; non-members have no tier', () => {
    const member = { tier: 'member' };
    const tierOf = (cumulativeFen: number, percent: number) =>
      compiled.decide(
        { member, spend: { cumulativeFen, last12MonthsFen: 0 }, maintenanceAttendancePercent: percent },
        now,
      ).tier?.tier;
    expect(tierOf(10_000_000, 90)).toBe('goldDiamond');
    expect(tierOf(10_000_000, 60)).toBe('silver');
    expect(tierOf(3_000_000, 50)).toBe('silver');
    expect(tierOf(3_000_000, 40)).toBe('member');
    expect(
      compiled.decide({ spend: { cumulativeFen: 10_000_000, last12MonthsFen: 0 } }, now).tier,
    ).toBeNull();
  });
});
