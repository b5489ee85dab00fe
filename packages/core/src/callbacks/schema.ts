import { complaintCategorySchema } from '@crm/rules';
import { z } from 'zod';
import { IsoDate as Day, Instant, Month } from '../input/calendar.ts';

export const CallbackState = z.enum([
  'scheduled',
  'due',
  'inProgress',
  'rescheduled',
  'done',
  'failed',
  'cancelled',
]);
export type CallbackState = z.infer<typeof CallbackState>;

/**
 * The seven outcomes of a call (domain.md): reached satisfied; reached dissatisfied or with
 * comments; reached with a complaint; customer busy (a time agreed); not the owner (ask for
 * them, a time agreed); unsuccessful (refused, no answer, line busy, powered off,
 * suspended, call barred, cannot connect); wrong or empty number.
 */
export const CallOutcome = z.enum([
  'satisfied',
  'dissatisfied',
  'complaint',
  'customerBusy',
  'notOwner',
  'unsuccessful',
  'wrongNumber',
]);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const UnsuccessfulReason = z.enum([
  'refused',
  'noAnswer',
  'lineBusy',
  'poweredOff',
  'suspended',
  'callBarred',
  'cannotConnect',
]);
export type UnsuccessfulReason = z.infer<typeof UnsuccessfulReason>;
export const WrongNumberReason = z.enum(['wrongNumber', 'emptyNumber']);

/** The columns of 回访未成功数: 拒访+无人接听, 无法接通 (关机、停机、占线、呼入限制), 其他. */
export const UnsuccessfulBucket = z.enum(['refusedOrNoAnswer', 'cannotConnect', 'other']);
export type UnsuccessfulBucket = z.infer<typeof UnsuccessfulBucket>;

/** One answer: a score 0–10, yes/no, explained fully/partly/not, or free text. */
export const AnswerValue = z.union([
  z.number().min(0).max(10),
  z.boolean(),
  z.enum(['fully', 'partly', 'not']),
  z.string().trim().min(1).max(2000),
]);

export const RecordCallInput = z
  .object({
    outcome: CallOutcome,
    /** Outcome `unsuccessful`: one of the unsuccessful reasons; `wrongNumber`: wrongNumber or emptyNumber. */
    reason: z.union([UnsuccessfulReason, WrongNumberReason]).optional(),
    /** The questionnaire's answers by item id (outcomes satisfied and dissatisfied; optional for a complaint). */
    answers: z.record(z.string().max(40), AnswerValue).optional(),
    /** Outcomes customerBusy / notOwner: the time agreed for the next call. */
    rescheduleTo: Instant.optional(),
    /** What the customer said: the comments, or the complaint in their words. */
    note: z.string().trim().min(1).max(2000).optional(),
    /** Outcomes dissatisfied / complaint: the category of the record opened. */
    complaintCategory: complaintCategorySchema.optional(),
  })
  .strict()
  .meta({ id: 'RecordCallInput' });
export type RecordCallInput = z.infer<typeof RecordCallInput>;

export const AssignCallbacksInput = z
  .object({
    /** The tasks to assign; all the store's open unassigned tasks when absent. */
    taskIds: z.array(z.uuid()).min(1).max(500).optional(),
    /** By hand to this specialist; round-robin over the store's callback specialists when absent. */
    userId: z.uuid().optional(),
  })
  .strict()
  .meta({ id: 'AssignCallbacksInput' });
export type AssignCallbacksInput = z.infer<typeof AssignCallbacksInput>;

export const QueueQuery = z.object({
  /** Only the tasks assigned to me (and the unassigned ones); everyone's when false. */
  mine: z.enum(['true', 'false']).default('true'),
});

export const QueueItem = z
  .object({
    id: z.uuid(),
    callbackType: z.enum(['sales', 'afterSales']),
    state: CallbackState,
    /** Why it is in today's queue: agreed time reached, last day of the window, or simply due. */
    urgency: z.enum(['rescheduled', 'lastDay', 'due']),
    queue: z.enum(['normal', 'vipFirst']),
    opensOn: Day,
    closesOn: Day,
    rescheduledTo: Instant.nullable(),
    attempts: z.number().int(),
    assignedTo: z.uuid().nullable(),
    assignedName: z.string().nullable(),
    claimedBy: z.uuid().nullable(),
    customerName: z.string(),
    mobile: z.string().nullable(),
    plate: z.string().nullable(),
    model: z.string().nullable(),
  })
  .meta({ id: 'CallbackQueueItem' });
export type QueueItem = z.infer<typeof QueueItem>;

export const QuestionnaireItemView = z.object({
  id: z.string(),
  type: z.enum(['score', 'yesNo', 'threeWay', 'text']),
  label: z.string(),
});

export const CallAttemptView = z.object({
  attemptNo: z.number().int(),
  outcome: CallOutcome,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  rescheduledTo: Instant.nullable(),
  calledAt: Instant,
  calledByName: z.string().nullable(),
  complaintId: z.uuid().nullable(),
});

/** The call screen: the task, the customer, the car and the order, the script, the questionnaire. */
export const CallbackTaskPage = z
  .object({
    task: z.object({
      id: z.uuid(),
      storeId: z.uuid(),
      callbackType: z.enum(['sales', 'afterSales']),
      state: CallbackState,
      opensOn: Day,
      closesOn: Day,
      rescheduledTo: Instant.nullable(),
      attempts: z.number().int(),
      unsuccessfulAttempts: z.number().int(),
      smsFallbackAfterAttempts: z.number().int(),
      assignedTo: z.uuid().nullable(),
      claimedBy: z.uuid().nullable(),
      claimedAt: Instant.nullable(),
      overallScore: z.number().nullable(),
      band: z.enum(['fullySatisfied', 'basicallySatisfied', 'dissatisfied']).nullable(),
      reachedBy: z.enum(['call', 'sms']).nullable(),
      smsMessageId: z.uuid().nullable(),
      complaintId: z.uuid().nullable(),
      failedReason: z.string().nullable(),
    }),
    customer: z.object({
      id: z.uuid(),
      name: z.string(),
      gender: z.enum(['male', 'female']).nullable(),
      title: z.string().nullable(),
      mobile: z.string().nullable(),
      vip: z.boolean(),
      uncertain: z.boolean(),
    }),
    vehicle: z.object({
      id: z.uuid(),
      vin: z.string(),
      plate: z.string().nullable(),
      series: z.string().nullable(),
      model: z.string().nullable(),
      mileageKm: z.number().int().nullable(),
    }),
    /** The delivery (sales callback) or the repair order (after-sales callback). */
    source: z.object({
      kind: z.enum(['delivery', 'repairOrder']),
      id: z.uuid(),
      on: Day.nullable(),
      salesConsultant: z.string().nullable(),
      serviceAdvisor: z.string().nullable(),
      repairTeam: z.string().nullable(),
      orderTypes: z.array(z.string()),
      contractNo: z.string().nullable(),
    }),
    /** The store's call script (话术): opening and closing lines, and the phrases never to say. */
    script: z.object({
      opening: z.string(),
      closing: z.string(),
      forbiddenPhrases: z.array(z.string()),
    }),
    questionnaire: z.object({
      key: z.string(),
      title: z.string(),
      ruleSetVersion: z.number().int(),
      items: z.array(QuestionnaireItemView),
    }),
    attempts: z.array(CallAttemptView),
  })
  .meta({ id: 'CallbackTaskPage' });
export type CallbackTaskPage = z.infer<typeof CallbackTaskPage>;

export const StatisticsDimension = z.enum(['salesConsultant', 'serviceAdvisor', 'repairTeam']);
export type StatisticsDimension = z.infer<typeof StatisticsDimension>;

export const StatisticsQuery = z.object({
  by: StatisticsDimension,
  /** A month (YYYY-MM), or a date range with from and to (store-local dates, both included). */
  month: Month.optional(),
  from: Day.optional(),
  to: Day.optional(),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

export const ItemAverage = z.object({
  itemId: z.string(),
  label: z.string(),
  type: z.enum(['score', 'yesNo', 'threeWay']),
  /** Mean score; for yes/no and three-way items the share of "yes" / "fully" (0–1). */
  average: z.number().nullable(),
  answered: z.number().int(),
});

/** One line of 满意率统计表. Rates are fractions (0–1), null when their base is zero ("—"). */
export const StatisticsRow = z
  .object({
    key: z.string(),
    name: z.string(),
    events: z.number().int(),
    attempted: z.number().int(),
    reached: z.number().int(),
    unsuccessful: z.object({
      refusedOrNoAnswer: z.number().int(),
      cannotConnect: z.number().int(),
      other: z.number().int(),
      total: z.number().int(),
    }),
    successRate: z.number().nullable(),
    fullySatisfied: z.number().int(),
    basicallySatisfied: z.number().int(),
    dissatisfied: z.number().int(),
    fullySatisfiedRate: z.number().nullable(),
    basicallySatisfiedRate: z.number().nullable(),
    items: z.array(ItemAverage),
  })
  .meta({ id: 'CallbackStatisticsRow' });
export type StatisticsRow = z.infer<typeof StatisticsRow>;

export const StatisticsTable = z
  .object({
    by: StatisticsDimension,
    from: Day,
    to: Day,
    rows: z.array(StatisticsRow),
    total: StatisticsRow,
  })
  .meta({ id: 'CallbackStatisticsTable' });
export type StatisticsTable = z.infer<typeof StatisticsTable>;

export const GroupStatisticsTable = z
  .object({
    by: StatisticsDimension,
    from: Day,
    to: Day,
    /** Every store's totals, ranked by fully-satisfied rate, then success rate. */
    stores: z.array(StatisticsRow.extend({ storeId: z.uuid(), rank: z.number().int() })),
  })
  .meta({ id: 'CallbackGroupStatistics' });
export type GroupStatisticsTable = z.infer<typeof GroupStatisticsTable>;

/** A line of 回访不成功明细表. */
export const UnsuccessfulCallback = z
  .object({
    taskId: z.uuid(),
    attemptNo: z.number().int(),
    vin: z.string(),
    customerName: z.string(),
    mobile: z.string().nullable(),
    model: z.string().nullable(),
    outcome: CallOutcome,
    reason: z.string().nullable(),
    bucket: UnsuccessfulBucket,
    calledByName: z.string().nullable(),
    calledAt: Instant,
    staffName: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'UnsuccessfulCallback' });
export type UnsuccessfulCallback = z.infer<typeof UnsuccessfulCallback>;

export const UnsuccessfulQuery = z
  .object({ from: Day, to: Day })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

/** What recording a call did: the task as it now stands and the records the outcome opened. */
export const RecordedCall = z
  .object({
    taskId: z.uuid(),
    attemptNo: z.number().int(),
    state: CallbackState,
    overallScore: z.number().nullable(),
    band: z.enum(['fullySatisfied', 'basicallySatisfied', 'dissatisfied']).nullable(),
    /** 抱怨客户联系处理表 (dissatisfied) or 紧急投诉应对联络表 (complaint). */
    complaintId: z.uuid().nullable(),
    /** 不确定客户记录表 (wrong or empty number). */
    uncertainRecordId: z.uuid().nullable(),
    /** The SMS survey requested by this attempt (the rule's count of unsuccessful attempts reached). */
    smsMessageId: z.uuid().nullable(),
  })
  .meta({ id: 'RecordedCall' });
export type RecordedCall = z.infer<typeof RecordedCall>;

/** Drill-down: the tasks behind one line of the statistics table. */
export const StatisticsCallsQuery = z
  .object({
    by: StatisticsDimension,
    /** The line's key: a staff member's id, or `unassigned` for events that name nobody. */
    key: z.union([z.uuid(), z.literal('unassigned')]),
    month: Month.optional(),
    from: Day.optional(),
    to: Day.optional(),
  })
  .meta({ id: 'CallbackStatisticsCallsQuery' });
export type StatisticsCallsQuery = z.infer<typeof StatisticsCallsQuery>;

export const StatisticsCall = z
  .object({
    sourceKind: z.enum(['delivery', 'repairOrder']),
    sourceId: z.uuid(),
    on: Day,
    customerName: z.string(),
    plate: z.string().nullable(),
    taskId: z.uuid().nullable(),
    state: CallbackState.nullable(),
    attempts: z.number().int(),
    lastOutcome: CallOutcome.nullable(),
    reachedBy: z.enum(['call', 'sms']).nullable(),
    overallScore: z.number().nullable(),
    band: z.enum(['fullySatisfied', 'basicallySatisfied', 'dissatisfied']).nullable(),
    complaintId: z.uuid().nullable(),
  })
  .meta({ id: 'CallbackStatisticsCall' });
export type StatisticsCall = z.infer<typeof StatisticsCall>;

/** One line of the call script: trimmed, 1–1000 characters; null for the built-in default. `{门店}` is the store's name. */
const ScriptLine = z.string().trim().min(1).max(1000).nullable();

/** The store's call script (话术) lines, as the store admin edits them: null keeps the built-in default. */
export const CallScriptInput = z.object({
  salesOpening: ScriptLine,
  afterSalesOpening: ScriptLine,
  closing: ScriptLine,
});
export type CallScriptInput = z.infer<typeof CallScriptInput>;

/** The store's lines (null where it keeps the default), the built-in defaults, and the phrases never to say. */
export const CallScriptSettings = CallScriptInput.extend({
  defaults: z.object({ salesOpening: z.string(), afterSalesOpening: z.string(), closing: z.string() }),
  forbiddenPhrases: z.array(z.string()),
});
export type CallScriptSettings = z.infer<typeof CallScriptSettings>;
