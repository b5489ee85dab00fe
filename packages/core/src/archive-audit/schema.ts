import { z } from 'zod';

/** An ISO week, `2026-W49`. */
export const IsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'must be an ISO week like 2026-W49')
  .meta({ example: '2026-W49' });

/** 售时 (a delivery, checked against the sales agreement) or 售后 (a repair order). */
export const ArchiveFileKind = z.enum(['sales', 'afterSales']);
/** 检核状态: 正常 / 异常. */
export const ArchiveCheckStatus = z.enum(['normal', 'abnormal']);

/** The week's result: files drawn, checked, and found abnormal (defects), in all and per kind. */
const Tally = z.object({ files: z.number().int(), checked: z.number().int(), defects: z.number().int() });
export const ArchiveAuditResult = Tally.extend({ sales: Tally, afterSales: Tally });
export type ArchiveAuditResult = z.infer<typeof ArchiveAuditResult>;

export const ArchiveAuditFile = z
  .object({
    id: z.uuid(),
    kind: ArchiveFileKind,
    position: z.number().int(),
    vehicleId: z.uuid(),
    vin: z.string(),
    plate: z.string().nullable(),
    model: z.string().nullable(),
    customerName: z.string().nullable(),
    documentNo: z.string().nullable().describe('销售协议号 (sales) or 维修工单号 (after-sales)'),
    documentOn: z.string().describe('Delivery or order date (store-local)'),
    status: ArchiveCheckStatus.nullable().describe('null until checked'),
    problem: z.string().nullable(),
    fix: z.string().nullable(),
    responsible: z.string().nullable(),
    checkedByName: z.string().nullable(),
    checkedAt: z.string().nullable(),
  })
  .meta({ id: 'ArchiveAuditFile' });
export type ArchiveAuditFile = z.infer<typeof ArchiveAuditFile>;

/** 客户档案检核记录表 for one store and ISO week. */
export const ArchiveAudit = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    week: z.string(),
    weekStartsOn: z.string(),
    weekEndsOn: z.string(),
    drawnAt: z.string(),
    drawnByName: z.string().nullable(),
    result: ArchiveAuditResult,
    files: z.array(ArchiveAuditFile),
  })
  .meta({ id: 'ArchiveAudit' });
export type ArchiveAudit = z.infer<typeof ArchiveAudit>;

export const ArchiveAuditSummary = z
  .object({
    id: z.uuid(),
    week: z.string(),
    weekStartsOn: z.string(),
    drawnAt: z.string(),
    result: ArchiveAuditResult,
  })
  .meta({ id: 'ArchiveAuditSummary' });
export type ArchiveAuditSummary = z.infer<typeof ArchiveAuditSummary>;

export const ArchiveAuditList = z.object({
  currentWeek: z.string().describe("The ISO week today falls in, in the store's time zone"),
  items: z.array(ArchiveAuditSummary),
});
export type ArchiveAuditList = z.infer<typeof ArchiveAuditList>;

export const DrawArchiveAuditInput = z
  .object({
    week: IsoWeek.optional().describe('The ISO week to draw, up to the current one; absent: the current one'),
  })
  .strict()
  .meta({ id: 'DrawArchiveAuditInput' });
export type DrawArchiveAuditInput = z.infer<typeof DrawArchiveAuditInput>;

const Remark = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s || null);

/** The check form of one file, as the seed's 客户档案检核记录表 has it. */
export const CheckArchiveFileInput = z
  .object({
    status: ArchiveCheckStatus,
    problem: Remark(500).optional().describe('异常状态描述: required when abnormal'),
    fix: Remark(500).optional().describe('改进建议和措施'),
    responsible: Remark(100).optional().describe('问题责任人'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.status === 'abnormal' && !input.problem)
      ctx.addIssue({ code: 'custom', path: ['problem'], message: 'say what is wrong with the file' });
  })
  .meta({ id: 'CheckArchiveFileInput' });
export type CheckArchiveFileInput = z.infer<typeof CheckArchiveFileInput>;
