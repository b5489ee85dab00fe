import { complaintCategorySchema } from '@crm/rules';
import { z } from 'zod';
import { IsoDate as Day, Instant } from '../input/calendar.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ComplaintCategory = complaintCategorySchema;
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;
export const Department = z.enum(['sales', 'service', 'parts', 'finance', 'customerRelations']);
export type Department = z.infer<typeof Department>;
/** 反映渠道: a callback call (回访), walk-in (来人), phone (来电), letter (函件), email. */
export const ComplaintChannel = z.enum(['callback', 'walkIn', 'phone', 'letter', 'email']);
export const Severity = z.enum(['ordinary', 'urgent']);
export const ComplaintState = z.enum([
  'received',
  'upheld',
  'dispatched',
  'answered',
  'satisfied',
  'closed',
  'notUpheld',
]);
export type ComplaintState = z.infer<typeof ComplaintState>;
export const ClockName = z.enum(['dispatch', 'plan', 'answer']);
export type ClockName = z.infer<typeof ClockName>;
export const RecallOutcome = z.enum(['satisfied', 'notSatisfied', 'unreachable']);

/**
 * Intake: the fields of the urgent complaint form (紧急投诉应对联络表) and of the follow-up
 * record (抱怨客户联系处理表). Customer, vehicle and order come from the file when named;
 * what the customer says about themselves is kept as told.
 */
export const ReceiveComplaintInput = z
  .object({
    channel: ComplaintChannel,
    category: ComplaintCategory,
    severity: Severity,
    relatedTo: z.enum(['sales', 'afterSales']).optional(),
    /** 投诉时间: when the customer complained (a letter's date). The receipt when absent. */
    complainedAt: Instant.optional(),
    /** 所发生的时间: when what they complain about happened. */
    occurredAt: Instant.optional(),
    /**
     * 受理时间: when the store received the complaint (a letter's arrival); every clock runs
     * from here, never from an earlier 投诉时间. Now when absent; not before 投诉时间.
     */
    receivedAt: Instant.optional(),
    customerId: z.uuid().optional(),
    vehicleId: z.uuid().optional(),
    repairOrderId: z.uuid().optional(),
    deliveryId: z.uuid().optional(),
    complainantName: text(100),
    contactPerson: text(100).optional(),
    gender: z.enum(['male', 'female']).optional(),
    mobile: text(40).optional(),
    landline: text(40).optional(),
    email: text(200).optional(),
    address: text(200).optional(),
    postcode: text(20).optional(),
    /** 车辆使用性质 */
    vehicleUse: text(40).optional(),
    /** 用户综合情况介绍 */
    customerOverview: text(2000).optional(),
    vehicleModel: text(100).optional(),
    plate: text(20).optional(),
    vin: text(17).optional(),
    /** 协议号 */
    agreementNo: text(60).optional(),
    purchaseDate: Day.optional(),
    mileageKm: z.number().int().min(0).max(10_000_000).optional(),
    /** 维修工时描述 */
    labourDescription: text(2000).optional(),
    repairTeam: text(100).optional(),
    serviceAdvisor: text(100).optional(),
    /** 销售情况 */
    salesInfo: text(2000).optional(),
    /** 投诉内容 / 用户抱怨内容: the customer's own words. */
    customerWords: text(4000),
    /** 要求: what the customer asks for. */
    customerDemands: text(4000).optional(),
    /** 其他相关信息 */
    otherInfo: text(2000).optional(),
  })
  .strict()
  .meta({ id: 'ReceiveComplaintInput' });
export type ReceiveComplaintInput = z.infer<typeof ReceiveComplaintInput>;

/** 有效性判定: a complaint that does not stand is answered tactfully and closed with the reason. */
export const JudgeComplaintInput = z
  .object({
    upheld: z.boolean(),
    reason: text(2000).optional(),
    /** The tactful reply given to the customer (checked against the forbidden phrases). */
    reply: text(2000).optional(),
  })
  .strict()
  .meta({ id: 'JudgeComplaintInput' });
export type JudgeComplaintInput = z.infer<typeof JudgeComplaintInput>;

/** 派发: to a department and a responsible person; the category's mapping when not named. */
export const DispatchComplaintInput = z
  .object({
    department: Department.optional(),
    responsibleUserId: z.uuid().optional(),
    note: text(2000).optional(),
  })
  .strict()
  .meta({ id: 'DispatchComplaintInput' });
export type DispatchComplaintInput = z.infer<typeof DispatchComplaintInput>;

/** 注明解决办法: the solution plan told to the customer. */
export const RecordPlanInput = z
  .object({ solutionPlan: text(4000) })
  .strict()
  .meta({ id: 'RecordPlanInput' });
export type RecordPlanInput = z.infer<typeof RecordPlanInput>;

/** 处理过程及情况: the department's answer. */
export const RecordAnswerInput = z
  .object({ answer: text(4000) })
  .strict()
  .meta({ id: 'RecordAnswerInput' });
export type RecordAnswerInput = z.infer<typeof RecordAnswerInput>;

/** 再次回访: the specialist calls the customer again. */
export const RecordRecallInput = z
  .object({ outcome: RecallOutcome, note: text(2000).optional() })
  .strict()
  .meta({ id: 'RecordRecallInput' });
export type RecordRecallInput = z.infer<typeof RecordRecallInput>;

/** 结案: the responsible manager signs off with a result summary (处理结果总结). */
export const CloseComplaintInput = z
  .object({ resultSummary: text(4000), reviewOpinion: text(2000).optional() })
  .strict()
  .meta({ id: 'CloseComplaintInput' });
export type CloseComplaintInput = z.infer<typeof CloseComplaintInput>;

export const ReopenComplaintInput = z
  .object({ reason: text(2000) })
  .strict()
  .meta({ id: 'ReopenComplaintInput' });
export type ReopenComplaintInput = z.infer<typeof ReopenComplaintInput>;

export const ClockView = z
  .object({
    id: z.uuid(),
    clock: ClockName,
    round: z.number().int(),
    startedAt: Instant,
    dueAt: Instant,
    doneAt: Instant.nullable(),
    breachedAt: Instant.nullable(),
    cancelledAt: Instant.nullable(),
  })
  .meta({ id: 'ComplaintClock' });
export type ClockView = z.infer<typeof ClockView>;

export const ComplaintSummary = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    caseNo: z.string(),
    channel: ComplaintChannel,
    category: ComplaintCategory,
    severity: Severity,
    state: ComplaintState,
    isRepeat: z.boolean(),
    complaintCount: z.number().int(),
    complainedAt: Instant,
    /** 受理时间: the clocks run from here. */
    receivedAt: Instant,
    complainantName: z.string(),
    plate: z.string().nullable(),
    department: Department.nullable(),
    responsibleUserId: z.uuid().nullable(),
    responsibleName: z.string().nullable(),
    /** The open clocks of the current round, soonest first. */
    clocks: z.array(ClockView),
  })
  .meta({ id: 'ComplaintSummary' });
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;

const nullableText = z.string().nullable();
export const Complaint = ComplaintSummary.extend({
  relatedTo: z.enum(['sales', 'afterSales']).nullable(),
  repeatOfId: z.uuid().nullable(),
  occurredAt: Instant.nullable(),
  receivedBy: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  vehicleId: z.uuid().nullable(),
  repairOrderId: z.uuid().nullable(),
  deliveryId: z.uuid().nullable(),
  contactPerson: nullableText,
  gender: z.enum(['male', 'female']).nullable(),
  mobile: nullableText,
  landline: nullableText,
  email: nullableText,
  address: nullableText,
  postcode: nullableText,
  vehicleUse: nullableText,
  customerOverview: nullableText,
  vehicleModel: nullableText,
  vin: nullableText,
  agreementNo: nullableText,
  purchaseDate: Day.nullable(),
  mileageKm: z.number().int().nullable(),
  labourDescription: nullableText,
  repairTeam: nullableText,
  serviceAdvisor: nullableText,
  salesInfo: nullableText,
  customerWords: z.string(),
  customerDemands: nullableText,
  otherInfo: nullableText,
  judgedAt: Instant.nullable(),
  notUpheldReason: nullableText,
  replyToCustomer: nullableText,
  dispatchedAt: Instant.nullable(),
  dispatchNote: nullableText,
  solutionPlan: nullableText,
  plannedAt: Instant.nullable(),
  departmentAnswer: nullableText,
  answeredAt: Instant.nullable(),
  customerAcceptance: nullableText,
  reviewOpinion: nullableText,
  resultSummary: nullableText,
  closedAt: Instant.nullable(),
  closedBy: z.uuid().nullable(),
  reopenCount: z.number().int(),
  ruleSetId: z.uuid().nullable(),
  ruleSetVersion: z.number().int(),
}).meta({ id: 'Complaint' });
export type Complaint = z.infer<typeof Complaint>;

export const TimelineEntry = z
  .object({
    id: z.uuid(),
    at: Instant,
    kind: z.string(),
    actorUserId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ComplaintTimelineEntry' });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Recall = z
  .object({
    id: z.uuid(),
    outcome: RecallOutcome,
    note: z.string().nullable(),
    calledBy: z.uuid().nullable(),
    calledAt: Instant,
  })
  .meta({ id: 'ComplaintRecall' });

/** A reply checked against the store's forbidden phrases: the phrases it contains. */
export const PhraseWarning = z
  .object({ field: z.string(), phrases: z.array(z.string()) })
  .meta({ id: 'ForbiddenPhraseWarning' });
export type PhraseWarning = z.infer<typeof PhraseWarning>;

export const ComplaintPage = z
  .object({
    complaint: Complaint,
    timeline: z.array(TimelineEntry),
    recalls: z.array(Recall),
    allClocks: z.array(ClockView),
    /** Forbidden phrases found in the text this command sent (empty on reads). */
    warnings: z.array(PhraseWarning),
  })
  .meta({ id: 'ComplaintPage' });
export type ComplaintPage = z.infer<typeof ComplaintPage>;

export const ComplaintListQuery = z.object({
  state: ComplaintState.optional(),
  /** Only complaints this person is responsible for (the department inbox). */
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;

export const ComplaintSettings = z
  .object({
    repeatWithinDays: z.number().int().min(1).max(3650),
    forbiddenPhrases: z.array(text(100)).max(200),
    responsibilities: z.array(
      z
        .object({
          category: ComplaintCategory,
          department: Department,
          responsibleUserId: z.uuid().nullable(),
        })
        .strict(),
    ),
    departmentManagers: z.array(z.object({ department: Department, managerUserId: z.uuid() }).strict()),
    /** Also text the people an escalation notifies (those with a mobile), through the SMS pipeline. Off when left out. */
    escalationSms: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'ComplaintSettings' });
export type ComplaintSettings = z.infer<typeof ComplaintSettings>;

export const CheckPhrasesInput = z
  .object({ text: z.string().max(4000) })
  .strict()
  .meta({ id: 'CheckPhrasesInput' });

/** 纠正预防措施: a corrective (fixes this case) or preventive (stops it recurring) action. */
export const AddActionInput = z
  .object({
    kind: z.enum(['corrective', 'preventive']),
    description: text(4000),
    ownerUserId: z.uuid().optional(),
    dueOn: Day.optional(),
  })
  .strict()
  .meta({ id: 'AddComplaintActionInput' });
export type AddActionInput = z.infer<typeof AddActionInput>;

export const AttachmentContentType = z.enum([
  'image/jpeg',
  'image/png',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

export const UploadAttachmentInput = z
  .object({
    fileName: text(200),
    contentType: AttachmentContentType,
    /** The file, base64-encoded; at most 512 KB once decoded. */
    contentBase64: z.string().min(1).max(800_000),
  })
  .strict()
  .meta({ id: 'UploadComplaintAttachmentInput' });
export type UploadAttachmentInput = z.infer<typeof UploadAttachmentInput>;

export const Attachment = z
  .object({
    id: z.uuid(),
    actionId: z.uuid(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'ComplaintAttachment' });
export type Attachment = z.infer<typeof Attachment>;

export const ComplaintAction = z
  .object({
    id: z.uuid(),
    complaintId: z.uuid(),
    kind: z.enum(['corrective', 'preventive']),
    description: z.string(),
    ownerUserId: z.uuid().nullable(),
    dueOn: Day.nullable(),
    doneAt: Instant.nullable(),
    createdAt: Instant,
    attachments: z.array(Attachment),
  })
  .meta({ id: 'ComplaintAction' });
export type ComplaintAction = z.infer<typeof ComplaintAction>;
