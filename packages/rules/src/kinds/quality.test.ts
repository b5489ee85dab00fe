import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { validateRuleSet } from '../validate-rule-set.ts';
import { improvementVerdict, isWeak, qualityKind } from './quality.ts';

const compiled = compileRuleSet({ kind: 'quality', ruleSet: qualityKind.defaults, version: 3 });
const now = '2024-05-31';

describe('quality defaults (改善讨论会)', () => {
  it('judges a score item weak below 8 points, improved after a rise of 0.3', () => {
    const decision = compiled.decide(
      {
        subject: {
          kind: 'questionnaireItem',
          callbackType: 'sales',
          itemId: 'waitingTime',
          itemType: 'score',
        },
      },
      now,
    );
    expect(decision).toEqual({
      threshold: {
        measure: 'average',
        weakBelow: 8,
        improvedByAtLeast: 0.3,
        decidedBy: {
          ruleId: 'score-item-below-8',
          ruleName: '评分题月均分低于8分为弱项;累计均分提高0.3分以上为有改善',
          ruleSetVersion: 3,
        },
      },
      monthCloseDay: 'monthEnd',
      overdueSms: false,
    });
  });

  it('judges a yes/no item weak below 80 %', () => {
    const decision = compiled.decide(
      {
        subject: {
          kind: 'questionnaireItem',
          callbackType: 'afterSales',
          itemId: 'oldPartsShown',
          itemType: 'yesNo',
        },
      },
      now,
    );
    expect(decision.threshold).toMatchObject({ measure: 'average', weakBelow: 0.8, improvedByAtLeast: 0.05 });
  });

  it.each(['salesConsultant', 'serviceAdvisor', 'repairTeam'] as const)(
    'judges a %s by the fully-satisfied rate below 80 %%',
    (kind) => {
      const decision = compiled.decide({ subject: { kind, callbackType: 'afterSales' } }, now);
      expect(decision.threshold).toMatchObject({
        measure: 'fullySatisfiedRate',
        weakBelow: 0.8,
        improvedByAtLeast: 0.05,
      });
    },
  );

  it('leaves an item no rule names unjudged', () => {
    const decision = compiled.decide({ subject: { kind: 'questionnaireItem', callbackType: 'sales' } }, now);
    expect(decision.threshold).toBeNull();
  });

  it('lets a store close its month on the 25th and text overdue owners', () => {
    const body = { ...qualityKind.defaults, monthCloseDay: 25, overdueSms: true };
    const store = compileRuleSet({ kind: 'quality', ruleSet: body, version: 1 });
    const decision = store.decide({ subject: { kind: 'repairTeam', callbackType: 'afterSales' } }, now);
    expect([decision.monthCloseDay, decision.overdueSms]).toEqual([25, true]);
  });

  it.each([29, 0, 'lastDay'])('refuses a month-close day of %s', (day) => {
    const result = validateRuleSet('quality', { ...qualityKind.defaults, monthCloseDay: day });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe('monthCloseDay');
  });
});

describe('weak items and the effect verdict', () => {
  it.each([
    [7.99, true],
    [8, false],
    [null, false],
  ])('a figure of %s under 8 is weak: %s', (figure, weak) => {
    expect(isWeak(figure, { weakBelow: 8 })).toBe(weak);
  });

  it.each([
    [7.7, 8.0, 'improved'],
    [7.7, 7.99, 'notImproved'],
    [0.6, 0.64, 'notImproved'],
    [null, 9, 'noData'],
    [7, null, 'noData'],
  ] as const)('from %s to %s is %s (step 0.3)', (raised, later, verdict) => {
    expect(improvementVerdict(raised, later, { improvedByAtLeast: raised === 0.6 ? 0.05 : 0.3 })).toBe(
      verdict,
    );
  });
});
