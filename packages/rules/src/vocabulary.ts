import { z } from 'zod';

/** Service types a repair order may carry (domain.md, "Dynamic data"). */
export const serviceTypeSchema = z.enum([
  'firstMaintenance', // 首保
  'maintenance', // 保养
  'warrantyClaim', // 索赔
  'minorRepair', // 小修
  'majorRepair', // 大修
  'insuranceRepair', // 保险维修 (accident repair)
  'bodyPaint', // 钣喷
  'selfPaid', // 自费
  'accessories', // 装饰
  'roadsideRescue', // 救援
  'insuranceRenewal', // 续保
  'inspectionAgency', // 代办年检
]);
export type ServiceType = z.infer<typeof serviceTypeSchema>;

/** Who pays a repair order. */
export const payerSchema = z.enum(['self', 'insurance', 'warranty', 'freeMaintenance']);
export type Payer = z.infer<typeof payerSchema>;

/** A calendar date, `YYYY-MM-DD` (store-local where it matters). */
export const isoDateSchema = z.iso.date();
/** An instant with an offset, e.g. `2024-05-01T10:00:00+08:00`. */
export const isoInstantSchema = z.iso.datetime({ offset: true });
/** Either of the two: day rules accept both. */
export const isoDateOrInstantSchema = z.union([isoDateSchema, isoInstantSchema]);

/** Money in integer fen (分). */
export const fenSchema = z.number().int().min(0).max(1_000_000_000_000);
