import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import { anniversaryWithinDays } from '../operators/day-operators.ts';
import { isClockTime, type QuietHours, unknownVariables } from '../sms-template.ts';
import { isoDateSchema } from '../vocabulary.ts';

export const reminderSchema = z.enum([
  'firstMaintenance',
  'periodicMaintenance',
  'warrantyEnd',
  'annualInspection',
  'insuranceRenewal',
  'birthday',
  'holidayGreeting',
  'postServiceThanks',
  'lostCustomerWinBack',
]);
export type Reminder = z.infer<typeof reminderSchema>;

const facts = z.object({
  customer: z
    .object({
      birthday: isoDateSchema.optional(),
      /** Opted out of marketing SMS: only transactional messages reach them. */
      optedOut: z.boolean().optional(),
    })
    .optional(),
  vehicle: z
    .object({
      plate: z.string().max(20).optional(),
      model: z.string().max(100).optional(),
      purchaseDate: isoDateSchema.optional(),
      mileageKm: z.number().min(0).optional(),
      firstMaintenanceDone: z.boolean().optional(),
      lastMaintenanceDate: isoDateSchema.optional(),
      inspectionDueDate: isoDateSchema.optional(),
      insuranceExpiryDate: isoDateSchema.optional(),
    })
    .optional(),
  lastVisitDate: isoDateSchema.optional(),
  /** Today's holiday in the store's calendar (lunar festivals need a calendar), e.g. `springFestival`. */
  holiday: z.string().max(40).optional(),
});

const events = {
  sendReminder: z
    .object({
      reminder: reminderSchema,
      /** Text with `{variables}`; see `smsTemplateVariables`. */
      template: z.string().min(1).max(500),
      /** What "the same reminder" means, so no customer gets it twice. */
      oncePer: z.enum(['vehicle', 'year', 'lastVisit', 'lastMaintenance']),
    })
    .strict(),
  suppressReminders: z.object({ reason: z.string().min(1).max(100) }).strict(),
};

export interface ReminderToSend {
  reminder: Reminder;
  template: string;
  /** Unique per customer and occurrence: core stores it so a reminder is never sent twice. */
  dedupeKey: string;
  decidedBy: DecidedBy;
}

export interface SmsReminderDecision {
  reminders: ReminderToSend[];
  suppressed: { reason: string; decidedBy: DecidedBy } | null;
  quietHours: QuietHours;
}

const clockTime = z.string().refine(isClockTime, { message: 'A local time is HH:MM, e.g. 21:00.' });

/** Which reminder goes out when, with which text; quiet hours. */
export const smsReminderKind = defineRuleKind({
  name: 'smsReminder',
  title: '短信提醒',
  description: 'Which SMS reminder goes out when, with which template; quiet hours; opt-outs.',
  facts,
  events,
  operators: [anniversaryWithinDays],
  settings: {
    quietHours: z.object({ start: clockTime, end: clockTime }).strict(),
  },
  refine(body, context) {
    body.rules.forEach((rule, index) => {
      if (rule.event.type !== 'sendReminder') return;
      for (const name of unknownVariables(rule.event.params.template)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'event', 'params', 'template'],
          message: `Unknown template variable {${name}}.`,
        });
      }
    });
  },
  decide({ firings, facts, ruleSet, now }): SmsReminderDecision {
    const quietHours = { ...ruleSet.quietHours };
    const suppression = firings.find((firing) => firing.type === 'suppressReminders');
    if (suppression?.type === 'suppressReminders') {
      return {
        reminders: [],
        suppressed: { reason: suppression.params.reason, decidedBy: decidedBy(suppression) },
        quietHours,
      };
    }
    const reminders: ReminderToSend[] = [];
    for (const firing of firings) {
      if (firing.type !== 'sendReminder') continue;
      const { reminder, template, oncePer } = firing.params;
      // One text per reminder per run: the first rule (highest priority) chooses it.
      if (reminders.some((r) => r.reminder === reminder)) continue;
      const occurrence = {
        vehicle: 'once',
        year: reminder === 'holidayGreeting' ? `${facts.holiday ?? ''}:${now.slice(0, 4)}` : now.slice(0, 4),
        lastVisit: facts.lastVisitDate ?? 'never',
        lastMaintenance: facts.vehicle?.lastMaintenanceDate ?? 'never',
      }[oncePer];
      reminders.push({
        reminder,
        template,
        dedupeKey: `${reminder}:${occurrence}`,
        decidedBy: decidedBy(firing),
      });
    }
    return { reminders, suppressed: null, quietHours };
  },
  defaults: {
    kind: 'smsReminder',
    quietHours: { start: '21:00', end: '08:00' },
    rules: [
      {
        id: 'opted-out-customers',
        name: '已退订短信的客户不发送提醒',
        priority: 100,
        conditions: { all: [{ fact: 'customer', path: '$.optedOut', operator: 'equal', value: true }] },
        event: { type: 'suppressReminders', params: { reason: 'optedOut' } },
      },
      {
        id: 'first-maintenance',
        name: '购车满3个月(90天)未首保,首保提醒',
        priority: 10,
        conditions: {
          all: [
            { fact: 'vehicle', path: '$.purchaseDate', operator: 'daysSinceBetween', value: [90, 120] },
            { fact: 'vehicle', path: '$.firstMaintenanceDone', operator: 'notEqual', value: true },
          ],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'firstMaintenance',
            template:
              '尊敬的{customerName}{customerTitle},您的爱车{plate}已购买3个月,进入首次保养期,请及时来{storeName}保养,预约电话{storePhone}。',
            oncePer: 'vehicle',
          },
        },
      },
      {
        id: 'periodic-maintenance',
        name: '5至6个月未保养,定期保养提醒',
        priority: 10,
        conditions: {
          all: [
            {
              fact: 'vehicle',
              path: '$.lastMaintenanceDate',
              operator: 'daysSinceBetween',
              value: [150, 180],
            },
          ],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'periodicMaintenance',
            template:
              '尊敬的{customerName}{customerTitle},您的爱车{plate}已进入新的保养期,{storeName}提醒您及时来站保养,预约电话{storePhone}。',
            oncePer: 'lastMaintenance',
          },
        },
      },
      {
        id: 'warranty-end',
        name: '质保期(2年或6万公里)结束前全面检查提醒',
        priority: 10,
        conditions: {
          all: [
            { fact: 'vehicle', path: '$.purchaseDate', operator: 'daysSinceAtMost', value: 729 },
            {
              any: [
                { fact: 'vehicle', path: '$.purchaseDate', operator: 'daysSinceAtLeast', value: 700 },
                { fact: 'vehicle', path: '$.mileageKm', operator: 'mileageBetween', value: [55_000, 59_999] },
              ],
            },
          ],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'warrantyEnd',
            template:
              '尊敬的{customerName}{customerTitle},您的爱车{plate}即将结束质保期(2年或6万公里),请到{storeName}做一次全面检查,预约电话{storePhone}。',
            oncePer: 'vehicle',
          },
        },
      },
      {
        id: 'annual-inspection',
        name: '年审到期前30天提醒',
        priority: 10,
        conditions: {
          all: [
            { fact: 'vehicle', path: '$.inspectionDueDate', operator: 'daysUntilBetween', value: [0, 30] },
          ],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'annualInspection',
            template:
              '尊敬的{customerName}{customerTitle},您的爱车{plate}年审将于{date}到期,勿忘!{storeName}可代办年检,电话{storePhone}。',
            oncePer: 'year',
          },
        },
      },
      {
        id: 'insurance-renewal',
        name: '保险到期前30天续保提醒',
        priority: 10,
        conditions: {
          all: [
            { fact: 'vehicle', path: '$.insuranceExpiryDate', operator: 'daysUntilBetween', value: [0, 30] },
          ],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'insuranceRenewal',
            template:
              '尊敬的{customerName}{customerTitle},您的爱车{plate}保险将于{date}到期,别忘了续保,{storeName}可以代办,咨询电话{storePhone}。',
            oncePer: 'year',
          },
        },
      },
      {
        id: 'birthday',
        name: '客户生日当天祝福',
        priority: 10,
        conditions: {
          all: [{ fact: 'customer', path: '$.birthday', operator: 'anniversaryWithinDays', value: 0 }],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'birthday',
            template: '尊敬的{customerName}{customerTitle},{storeName}全体员工祝您生日快乐!',
            oncePer: 'year',
          },
        },
      },
      {
        id: 'holiday-greeting',
        name: '春节、中秋、国庆节日祝福',
        priority: 10,
        conditions: {
          all: [{ fact: 'holiday', operator: 'in', value: ['springFestival', 'midAutumn', 'nationalDay'] }],
        },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'holidayGreeting',
            template:
              '尊敬的{customerName}{customerTitle},{storeName}总经理携全体员工预祝您{holidayName}佳节愉快!',
            oncePer: 'year',
          },
        },
      },
      {
        id: 'post-service-thanks',
        name: '维修保养次日致谢',
        priority: 10,
        conditions: { all: [{ fact: 'lastVisitDate', operator: 'daysSinceBetween', value: [1, 1] }] },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'postServiceThanks',
            template:
              '尊敬的{customerName}{customerTitle},感谢您在{storeName}保养或维修车辆,如有意见或建议请拨打{storePhone}。',
            oncePer: 'lastVisit',
          },
        },
      },
      {
        id: 'lost-customer-win-back',
        name: '12个月以上未来店的流失客户挽回',
        priority: 10,
        conditions: { all: [{ fact: 'lastVisitDate', operator: 'daysSinceAtLeast', value: 365 }] },
        event: {
          type: 'sendReminder',
          params: {
            reminder: 'lostCustomerWinBack',
            template:
              '尊敬的{customerName}{customerTitle},{storeName}好久不见,欢迎您回店为爱车{plate}保养检查,预约电话{storePhone}。',
            oncePer: 'lastVisit',
          },
        },
      },
    ],
  },
});
