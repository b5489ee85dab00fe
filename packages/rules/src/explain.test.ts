import { describe, expect, it } from 'vitest';
import { explainRuleSet } from './explain.ts';
import { callbackWindowKind } from './kinds/callback-window.ts';
import { smsReminderKind } from './kinds/sms-reminder.ts';
import { simulateRuleSet } from './simulate.ts';

describe('explainRuleSet', () => {
  it('says which conditions passed, with the fact values read, and which rule decided', async () => {
    const explanation = await explainRuleSet({
      kind: 'callbackWindow',
      ruleSet: callbackWindowKind.defaults,
      version: 9,
      facts: {
        eventType: 'repairOrder',
        occurredOn: '2024-05-01',
        payer: 'self',
        orderTypes: ['maintenance'],
      },
      now: '2024-05-01',
    });
    expect(explanation.decision.callbacks.map((c) => [c.callback, c.decidedBy])).toEqual([
      [
        'afterSales',
        { ruleId: 'after-sales-callback', ruleName: '工单结算后第3–7天售后回访', ruleSetVersion: 9 },
      ],
    ]);
    const insurer = explanation.rules.find((rule) => rule.ruleId === 'skip-accident-repairs-insurer-calls');
    expect(insurer?.fired).toBe(false);
    expect(insurer?.conditions).toMatchObject({
      kind: 'all',
      passed: false,
      conditions: [
        { kind: 'fact', fact: 'eventType', operator: 'equal', factValue: 'repairOrder', passed: true },
        { kind: 'fact', fact: 'payer', operator: 'equal', factValue: 'self', passed: false },
        { kind: 'fact', fact: 'orderTypes', operator: 'inSet' },
      ],
    });
    expect(explanation.rules.map((rule) => [rule.ruleId, rule.fired])).toEqual([
      ['skip-customers-who-refuse-calls', false],
      ['skip-accident-repairs-insurer-calls', false],
      ['sales-callback', false],
      ['after-sales-callback', true],
    ]);
  });

  it('rejects facts that do not match the kind', async () => {
    await expect(
      explainRuleSet({
        kind: 'callbackWindow',
        ruleSet: callbackWindowKind.defaults,
        version: 1,
        facts: { eventType: 'delivery', occurredOn: 'yesterday' },
        now: '2024-05-01',
      }),
    ).rejects.toThrow(/occurredOn/);
  });
});

describe('simulateRuleSet', () => {
  it('shows where a draft decides differently from the published version', async () => {
    const draft = structuredClone(smsReminderKind.defaults);
    const lost = draft.rules.find((rule) => rule.id === 'lost-customer-win-back');
    const [condition] = lost && 'all' in lost.conditions ? lost.conditions.all : [];
    if (!condition || !('value' in condition)) throw new Error('fixture changed');
    condition.value = 300;
    const results = await simulateRuleSet({
      kind: 'smsReminder',
      draft: { ruleSet: draft, version: 2 },
      published: { ruleSet: smsReminderKind.defaults, version: 1 },
      samples: [
        { label: 'visited 320 days ago', facts: { lastVisitDate: '2023-06-16' }, now: '2024-05-01' },
        { label: 'visited 400 days ago', facts: { lastVisitDate: '2023-03-28' }, now: '2024-05-01' },
      ],
    });
    expect(
      results.map((r) => [
        r.label,
        r.changed,
        r.draft.decision.reminders.length,
        r.published?.reminders.length,
      ]),
    ).toEqual([
      ['visited 320 days ago', true, 1, 0],
      ['visited 400 days ago', false, 1, 1],
    ]);
  });
});
