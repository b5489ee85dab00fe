import { z } from 'zod';
import { IsoDate as isoDate, Month as month } from '../input/calendar.ts';

export const QualitySubjectKind = z.enum([
  'questionnaireItem',
  'salesConsultant',
  'serviceAdvisor',
  'repairTeam',
]);
export type QualitySubjectKind = z.infer<typeof QualitySubjectKind>;

/** What an improvement item is about: a questionnaire item, or one person's (team's) line. */
export const QualitySubject = z
  .object({
    key: z
      .string()
      .describe(
        'item:<sales|afterSales>:<itemId>, or <salesConsultant|serviceAdvisor|repairTeam>:<person id>',
      ),
    kind: QualitySubjectKind,
    callbackType: z.enum(['sales', 'afterSales']),
    itemId: z.string().nullable(),
    itemType: z.enum(['score', 'yesNo', 'threeWay']).nullable(),
    personId: z.uuid().nullable(),
    label: z.string().describe('The item as the questionnaire asks it, or the person’s name'),
    measure: z.enum(['average', 'fullySatisfiedRate']),
  })
  .meta({ id: 'QualitySubject' });
export type QualitySubject = z.infer<typeof QualitySubject>;

/** One line of the meeting pack: the month's figure against the previous month's, as the store rule judges it. */
export const QualityPackEntry = QualitySubject.extend({
  figure: z
    .number()
    .nullable()
    .describe('Item average (score 0–10, yes/no 0–1) or fully-satisfied rate (0–1)'),
  answered: z.number().int().describe('Answers (items) or reached callbacks (people) behind the figure'),
  previousFigure: z.number().nullable(),
  previousAnswered: z.number().int(),
  weakBelow: z.number(),
  weak: z.boolean(),
  previousWeak: z.boolean(),
  decidedBy: z.object({ ruleId: z.string(), ruleName: z.string(), ruleSetVersion: z.number().int() }),
}).meta({ id: 'QualityPackEntry' });
export type QualityPackEntry = z.infer<typeof QualityPackEntry>;

export const QualityPeriod = z.object({ month, from: isoDate, to: isoDate });
export type QualityPeriod = z.infer<typeof QualityPeriod>;

/** The meeting pack prepared when the month closed (会议资料). */
export const QualityPack = z
  .object({
    period: QualityPeriod,
    previous: QualityPeriod,
    entries: z.array(QualityPackEntry),
  })
  .meta({ id: 'QualityPack' });
export type QualityPack = z.infer<typeof QualityPack>;

export const QualityMeetingSummary = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    month,
    from: isoDate,
    to: isoDate,
    preparedAt: z.string(),
    heldOn: isoDate.nullable(),
    weakCount: z.number().int(),
    itemCount: z.number().int(),
  })
  .meta({ id: 'QualityMeetingSummary' });
export type QualityMeetingSummary = z.infer<typeof QualityMeetingSummary>;

export const QualityVerdict = z.enum(['improved', 'notImproved', 'noData']);

/** The item's figure for one month of its effect evaluation (整改效果评价). */
export const QualityItemFigure = z
  .object({
    offset: z.number().int().min(0).max(3).describe('0: the month raised; 1–3: month +1 … +3'),
    month,
    from: isoDate.describe('First day of the three closed months the figure covers'),
    to: isoDate,
    figure: z.number().nullable(),
    answered: z.number().int(),
    verdict: QualityVerdict.nullable().describe('Against the raised month; null for the raised month itself'),
    filledAt: z.string(),
  })
  .meta({ id: 'QualityItemFigure' });
export type QualityItemFigure = z.infer<typeof QualityItemFigure>;

/** An improvement item (EQC整改项目). */
export const QualityItem = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    meetingId: z.uuid(),
    month,
    subject: QualitySubject,
    cause: z.string(),
    measures: z.string(),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    dueOn: isoDate,
    completedOn: isoDate.nullable(),
    completionNote: z.string(),
    overdue: z.boolean().describe('Not completed and past its due date (store-local today)'),
    figures: z.array(QualityItemFigure).describe('Months raised, +1, +2, +3: only those that have closed'),
    verdict: QualityVerdict.nullable().describe('The latest closed month’s verdict'),
    createdAt: z.string(),
  })
  .meta({ id: 'QualityItem' });
export type QualityItem = z.infer<typeof QualityItem>;

export const QualityMeeting = z
  .object({
    meeting: QualityMeetingSummary.extend({
      attendees: z.array(z.string()),
      minutes: z.string(),
      recordedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      recordedAt: z.string().nullable(),
    }),
    pack: QualityPack,
    items: z.array(QualityItem),
    people: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('Store users who may own an item'),
  })
  .meta({ id: 'QualityMeeting' });
export type QualityMeeting = z.infer<typeof QualityMeeting>;

export const RecordQualityMeetingInput = z
  .object({
    heldOn: isoDate,
    attendees: z.array(z.string().trim().min(1).max(50)).min(1).max(50),
    minutes: z.string().trim().min(1).max(20_000),
  })
  .meta({ id: 'RecordQualityMeetingInput' });
export type RecordQualityMeetingInput = z.infer<typeof RecordQualityMeetingInput>;

export const RaiseQualityItemInput = z
  .object({
    subjectKey: z.string().min(1).max(120).describe('The key of a weak entry of the meeting pack'),
    cause: z.string().trim().min(1).max(4000).describe('原因分析'),
    measures: z.string().trim().min(1).max(4000).describe('整改措施'),
    ownerUserId: z.uuid().describe('责任人: a user of this store'),
    dueOn: isoDate.describe('整改完成时间'),
  })
  .meta({ id: 'RaiseQualityItemInput' });
export type RaiseQualityItemInput = z.infer<typeof RaiseQualityItemInput>;

export const UpdateQualityItemInput = z
  .object({
    cause: z.string().trim().min(1).max(4000).optional(),
    measures: z.string().trim().min(1).max(4000).optional(),
    ownerUserId: z.uuid().optional(),
    dueOn: isoDate.optional(),
    completedOn: isoDate.nullable().optional().describe('Completed (整改完成) on this day; null reopens'),
    completionNote: z.string().trim().max(4000).optional(),
  })
  .meta({ id: 'UpdateQualityItemInput' });
export type UpdateQualityItemInput = z.infer<typeof UpdateQualityItemInput>;

export const QualityItemQuery = z.object({
  state: z.enum(['open', 'overdue', 'completed']).optional(),
  month: month.optional(),
});
export type QualityItemQuery = z.infer<typeof QualityItemQuery>;
