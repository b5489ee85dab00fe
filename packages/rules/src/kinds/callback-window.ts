import { z } from 'zod';
import { addDaysToDate } from '../calendar.ts';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import { isoDateSchema, payerSchema, serviceTypeSchema } from '../vocabulary.ts';

const callbackType = z.enum(['sales', 'afterSales']);
const day = z.number().int().min(0).max(365);

const facts = z.object({
  /** What happened: a vehicle delivery or a closed repair order. */
  eventType: z.enum(['delivery', 'repairOrder']),
  /** The store-local date of the delivery or of the order's close; windows count from it. */
  occurredOn: isoDateSchema,
  orderTypes: z.array(serviceTypeSchema).max(20).optional(),
  payer: payerSchema.optional(),
  customer: z
    .object({
      vip: z.boolean().optional(),
      refusesCalls: z.boolean().optional(),
      cardType: z.enum(['A', 'C']).optional(),
    })
    .optional(),
  vehicle: z
    .object({
      series: z.string().max(100).optional(),
      model: z.string().max(100).optional(),
      vin: z.string().max(17).optional(),
      mileageKm: z.number().min(0).optional(),
    })
    .optional(),
});

const events = {
  openCallback: z
    .object({
      callback: callbackType,
      /** First day of the window, counted from the event's date. */
      fromDay: day,
      /** Last day of the window, included. */
      toDay: day,
      /** Overrides the rule set's `smsFallbackAfterAttempts` for this callback. */
      attemptsBeforeSms: z.number().int().min(1).max(20).optional(),
      /** `vipFirst` puts the task at the head of the specialist's queue. */
      queue: z.enum(['normal', 'vipFirst']).optional(),
    })
    .strict()
    .refine((window) => window.fromDay <= window.toDay, {
      message: 'fromDay must not be after toDay.',
      path: ['toDay'],
    }),
  suppressCallback: z
    .object({
      /** Why no callback opens, e.g. `customerRefusesCalls`, `insurerCalls`. */
      reason: z.string().min(1).max(100),
    })
    .strict(),
};

export interface ScheduledCallback {
  callback: z.infer<typeof callbackType>;
  fromDay: number;
  toDay: number;
  /** Store-local date the window opens, and the last date it is open. */
  opensOn: string;
  closesOn: string;
  /** Unsuccessful attempts inside the window after which the SMS survey goes out. */
  smsFallbackAfterAttempts: number;
  queue: 'normal' | 'vipFirst';
  decidedBy: DecidedBy;
}

export interface CallbackWindowDecision {
  callbacks: ScheduledCallback[];
  /** Set when a suppressing rule fired: then no callback opens. */
  suppressed: { reason: string; decidedBy: DecidedBy } | null;
}

/** Which events open which callback, when, and after how many failed attempts the SMS survey goes out. */
export const callbackWindowKind = defineRuleKind({
  name: 'callbackWindow',
  title: '回访窗口',
  description:
    'Which events open which callback, its window in days, and the attempts before the SMS survey.',
  facts,
  events,
  settings: {
    /** Default number of unsuccessful attempts after which the SMS survey is sent (domain: 4). */
    smsFallbackAfterAttempts: z.number().int().min(1).max(20),
  },
  decide({ firings, facts, ruleSet }): CallbackWindowDecision {
    const suppression = firings.find((firing) => firing.type === 'suppressCallback');
    if (suppression?.type === 'suppressCallback') {
      return {
        callbacks: [],
        suppressed: { reason: suppression.params.reason, decidedBy: decidedBy(suppression) },
      };
    }
    const callbacks: ScheduledCallback[] = [];
    for (const firing of firings) {
      if (firing.type !== 'openCallback') continue;
      const { callback, fromDay, toDay } = firing.params;
      // Two rules opening the same window open one task; the higher-priority rule is cited.
      if (callbacks.some((c) => c.callback === callback && c.fromDay === fromDay && c.toDay === toDay))
        continue;
      callbacks.push({
        callback,
        fromDay,
        toDay,
        opensOn: addDaysToDate(facts.occurredOn, fromDay),
        closesOn: addDaysToDate(facts.occurredOn, toDay),
        smsFallbackAfterAttempts: firing.params.attemptsBeforeSms ?? ruleSet.smsFallbackAfterAttempts,
        queue: firing.params.queue ?? 'normal',
        decidedBy: decidedBy(firing),
      });
    }
    return { callbacks, suppressed: null };
  },
  defaults: {
    kind: 'callbackWindow',
    smsFallbackAfterAttempts: 4,
    rules: [
      {
        id: 'skip-customers-who-refuse-calls',
        name: '客户拒绝回访的,不安排回访',
        priority: 100,
        conditions: { all: [{ fact: 'customer', path: '$.refusesCalls', operator: 'equal', value: true }] },
        event: { type: 'suppressCallback', params: { reason: 'customerRefusesCalls' } },
      },
      {
        id: 'skip-accident-repairs-insurer-calls',
        name: '保险公司负责回访的事故维修,不安排回访',
        priority: 100,
        conditions: {
          all: [
            { fact: 'eventType', operator: 'equal', value: 'repairOrder' },
            { fact: 'payer', operator: 'equal', value: 'insurance' },
            { fact: 'orderTypes', operator: 'inSet', value: ['insuranceRepair'] },
          ],
        },
        event: { type: 'suppressCallback', params: { reason: 'insurerCalls' } },
      },
      {
        id: 'sales-callback',
        name: '交车后第7–10天销售回访',
        priority: 10,
        conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'delivery' }] },
        event: { type: 'openCallback', params: { callback: 'sales', fromDay: 7, toDay: 10 } },
      },
      {
        id: 'after-sales-callback',
        name: '工单结算后第3–7天售后回访',
        priority: 10,
        conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'repairOrder' }] },
        event: { type: 'openCallback', params: { callback: 'afterSales', fromDay: 3, toDay: 7 } },
      },
    ],
  },
});
