import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.ts';
import { smsReminderKind } from './kinds/sms-reminder.ts';
import { reminderBoundaryDays, reminderDueOn } from './reminder-dates.ts';

const builtIn = compileRuleSet({ kind: 'smsReminder', ruleSet: smsReminderKind.defaults, version: 0 });
const movedWindow = (() => {
  const body = structuredClone(smsReminderKind.defaults);
  const first = body.rules.find((r) => r.id === 'first-maintenance');
  if (!first || !('all' in first.conditions)) throw new Error('no first-maintenance rule');
  first.conditions.all[0] = {
    fact: 'vehicle',
    path: '$.purchaseDate',
    operator: 'daysSinceBetween',
    value: [60, 90],
  };
  return compileRuleSet({ kind: 'smsReminder', ruleSet: body, version: 2 });
})();
const rulesBy = { 'built-in': builtIn, 'moved to 60–90 days': movedWindow };
const bought = { vehicle: { purchaseDate: '2026-01-10', firstMaintenanceDone: false } };

describe('reminderDueOn', () => {
  it.each([
    // rules, reminder, counted from, facts, expected day
    ['built-in', 'firstMaintenance', '2026-01-10', bought, '2026-04-10'],
    ['moved to 60–90 days', 'firstMaintenance', '2026-01-10', bought, '2026-03-11'],
    [
      'built-in',
      'periodicMaintenance',
      '2026-02-01',
      { vehicle: { lastMaintenanceDate: '2026-02-01' } },
      '2026-07-01',
    ],
    ['built-in', 'postServiceThanks', '2026-02-01', { lastVisitDate: '2026-02-01' }, '2026-02-02'],
  ] as const)('%s rules send %s counted from %s on the day they name', (name, reminder, from, facts, on) => {
    expect(reminderDueOn({ rules: rulesBy[name], reminder, from, facts })?.on).toBe(on);
  });

  it('makes a window already open today due today, and one already closed never', () => {
    expect(
      reminderDueOn({
        rules: movedWindow,
        reminder: 'firstMaintenance',
        from: '2026-01-10',
        facts: bought,
        onOrAfter: '2026-03-21',
      })?.on,
    ).toBe('2026-03-21');
    expect(
      reminderDueOn({
        rules: movedWindow,
        reminder: 'firstMaintenance',
        from: '2026-01-10',
        facts: bought,
        onOrAfter: '2026-04-11',
      }),
    ).toBeNull();
  });

  it('sends nothing to a customer who opted out, or after the first maintenance', () => {
    const optedOut = { ...bought, customer: { optedOut: true } };
    expect(
      reminderDueOn({ rules: builtIn, reminder: 'firstMaintenance', from: '2026-01-10', facts: optedOut }),
    ).toBeNull();
    const done = { vehicle: { purchaseDate: '2026-01-10', firstMaintenanceDone: true } };
    expect(
      reminderDueOn({ rules: builtIn, reminder: 'firstMaintenance', from: '2026-01-10', facts: done }),
    ).toBeNull();
  });

  it('looks only at the days the rules for that reminder name, and the day after each', () => {
    expect(reminderBoundaryDays(builtIn, 'firstMaintenance')).toEqual([0, 90, 91, 120, 121]);
    expect(reminderBoundaryDays(movedWindow, 'firstMaintenance')).toEqual([0, 60, 61, 90, 91]);
  });
});
