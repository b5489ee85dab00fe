import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { isQuietTime, renderSmsTemplate } from '../sms-template.ts';
import { validateRuleSet } from '../validate-rule-set.ts';
import { smsReminderKind } from './sms-reminder.ts';

const compiled = compileRuleSet({ kind: 'smsReminder', ruleSet: smsReminderKind.defaults, version: 1 });
const remindersOn = (facts: Parameters<typeof compiled.decide>[0], now: string) =>
  compiled.decide(facts, now).reminders.map((r) => r.reminder);

describe('smsReminder defaults', () => {
  it('reminds of the first maintenance 90 days after purchase, not on day 89, not once it is done', () => {
    const vehicle = { purchaseDate: '2024-01-01' };
    expect(remindersOn({ vehicle }, '2024-03-30')).toEqual([]);
    expect(remindersOn({ vehicle }, '2024-03-31')).toEqual(['firstMaintenance']);
    expect(remindersOn({ vehicle: { ...vehicle, firstMaintenanceDone: true } }, '2024-03-31')).toEqual([]);
  });

  it('reminds of periodic maintenance after 150 to 180 days without one', () => {
    const vehicle = { lastMaintenanceDate: '2024-01-01' };
    expect(remindersOn({ vehicle }, '2024-05-29')).toEqual([]);
    expect(remindersOn({ vehicle }, '2024-05-30')).toEqual(['periodicMaintenance']);
    expect(remindersOn({ vehicle }, '2024-06-29')).toEqual(['periodicMaintenance']);
    expect(remindersOn({ vehicle }, '2024-06-30')).toEqual([]);
  });

  it('reminds of the warranty-end check before 2 years or 60,000 km', () => {
    // 2022-05-01 → 2024-03-31 is day 700; 2024-04-30 is day 730, two full years.
    const vehicle = { purchaseDate: '2022-05-01' };
    expect(remindersOn({ vehicle }, '2024-03-30')).toEqual([]);
    expect(remindersOn({ vehicle }, '2024-03-31')).toEqual(['warrantyEnd']);
    expect(remindersOn({ vehicle }, '2024-04-29')).toEqual(['warrantyEnd']);
    expect(remindersOn({ vehicle }, '2024-04-30')).toEqual([]);
    expect(remindersOn({ vehicle: { purchaseDate: '2023-05-01', mileageKm: 56_000 } }, '2024-05-01')).toEqual(
      ['warrantyEnd'],
    );
    expect(remindersOn({ vehicle: { purchaseDate: '2023-05-01', mileageKm: 60_000 } }, '2024-05-01')).toEqual(
      [],
    );
  });

  it('reminds of the annual inspection and the insurance renewal within 30 days of the due date', () => {
    expect(
      remindersOn(
        { vehicle: { inspectionDueDate: '2024-05-31', insuranceExpiryDate: '2024-05-01' } },
        '2024-05-01',
      ),
    ).toEqual(['annualInspection', 'insuranceRenewal']);
    expect(
      remindersOn(
        { vehicle: { inspectionDueDate: '2024-06-01', insuranceExpiryDate: '2024-04-30' } },
        '2024-05-01',
      ),
    ).toEqual([]);
  });

  it('greets on the birthday (29 February on 28 February in common years)', () => {
    expect(remindersOn({ customer: { birthday: '1985-05-01' } }, '2024-05-01')).toEqual(['birthday']);
    expect(remindersOn({ customer: { birthday: '1985-05-01' } }, '2024-05-02')).toEqual([]);
    expect(remindersOn({ customer: { birthday: '1988-02-29' } }, '2023-02-28')).toEqual(['birthday']);
  });

  it('greets on holidays once per holiday and year', () => {
    const decision = compiled.decide({ holiday: 'midAutumn' }, '2024-09-17');
    expect(decision.reminders.map((r) => [r.reminder, r.dedupeKey])).toEqual([
      ['holidayGreeting', 'holidayGreeting:midAutumn:2024'],
    ]);
  });

  it('wins back a customer with no visit for 365 days', () => {
    expect(remindersOn({ lastVisitDate: '2023-05-01' }, '2024-04-29')).toEqual([]);
    const decision = compiled.decide({ lastVisitDate: '2023-05-01' }, '2024-04-30');
    expect(decision.reminders.map((r) => r.dedupeKey)).toEqual(['lostCustomerWinBack:2023-05-01']);
  });

  it('sends nothing to a customer who opted out', () => {
    const decision = compiled.decide({ customer: { optedOut: true, birthday: '1985-05-01' } }, '2024-05-01');
    expect(decision.reminders).toEqual([]);
    expect(decision.suppressed?.decidedBy.ruleId).toBe('opted-out-customers');
  });

  it('keeps quiet from 21:00 to 08:00 by default', () => {
    const { quietHours } = compiled.decide({}, '2024-05-01');
    expect(quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(
      ['20:59', '21:00', '23:30', '07:59', '08:00'].map((time) => isQuietTime(time, quietHours)),
    ).toEqual([false, true, true, true, false]);
  });

  it('rejects a template with an unknown variable when the rule set is saved', () => {
    const rules = structuredClone(smsReminderKind.defaults.rules);
    const [, firstMaintenance] = rules;
    if (firstMaintenance?.event.type !== 'sendReminder') throw new Error('fixture changed');
    firstMaintenance.event.params.template = '尊敬的{customerNmae},请来保养。';
    const result = validateRuleSet('smsReminder', { ...smsReminderKind.defaults, rules });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([
      {
        code: 'INVALID_VALUE',
        path: 'rules[1].event.params.template',
        message: 'Unknown template variable {customerNmae}.',
      },
    ]);
  });

  it('fills a template with the customer, leaving missing values empty', () => {
    expect(
      renderSmsTemplate('尊敬的{customerName}{customerTitle},您的爱车{plate}…{bookingNumber}', {
        customerName: '王',
        customerTitle: '先生',
        plate: '皖N12345',
      }),
    ).toBe('尊敬的王先生,您的爱车皖N12345…');
  });
});
