import { payerSchema, serviceTypeSchema } from '@crm/rules';
import { z } from 'zod';
import { CustomerInput, DmsText, Fen, Instant, VehicleInput } from '../customers/schema.ts';

/** Most events one request may carry. */
export const maxBatchSize = 1000;

const dmsId = z.string().trim().min(1).max(100);
const staffName = DmsText(100).optional();

/** 交车: a vehicle handed to its buyer. Opens the A card. */
export const DeliveryEvent = z
  .object({
    type: z.literal('delivery'),
    /** The DMS's id of the delivery: the same id again updates (or changes nothing). */
    dmsId,
    deliveredAt: Instant,
    contractNo: DmsText(50).optional(),
    salesConsultant: staffName,
    customer: CustomerInput,
    vehicle: VehicleInput,
  })
  .strict()
  .meta({ id: 'DeliveryEvent' });
export type DeliveryEvent = z.infer<typeof DeliveryEvent>;

/** Who pays what, in fen; absent means the whole order is paid by `payer`. */
export const PayerSplit = z
  .object({ selfPaidFen: Fen, insuranceFen: Fen, warrantyFen: Fen, freeMaintenanceFen: Fen })
  .strict();

/** 工单: a repair or maintenance order. Callbacks count from its close. */
export const RepairOrderEvent = z
  .object({
    type: z.literal('repairOrder'),
    dmsId,
    vehicle: VehicleInput,
    /** The owner; required when the vehicle is not on file yet. */
    customer: CustomerInput.optional(),
    orderTypes: z.array(serviceTypeSchema).min(1).max(20),
    payer: payerSchema,
    labourFen: Fen,
    partsFen: Fen,
    split: PayerSplit.optional(),
    serviceAdvisor: staffName,
    repairTeam: staffName,
    mileageKm: z.number().int().min(0).max(5_000_000).optional(),
    openedAt: Instant,
    /** Absent while the car is still in the workshop. */
    closedAt: Instant.optional(),
  })
  .strict()
  .superRefine((order, ctx) => {
    if (order.closedAt && Date.parse(order.closedAt) < Date.parse(order.openedAt))
      ctx.addIssue({ code: 'custom', path: ['closedAt'], message: 'must not be before openedAt' });
    if (order.split) {
      const { selfPaidFen, insuranceFen, warrantyFen, freeMaintenanceFen } = order.split;
      if (selfPaidFen + insuranceFen + warrantyFen + freeMaintenanceFen !== order.labourFen + order.partsFen)
        ctx.addIssue({
          code: 'custom',
          path: ['split'],
          message: 'the shares must add up to labourFen + partsFen',
        });
    }
  })
  .meta({ id: 'RepairOrderEvent' });
export type RepairOrderEvent = z.infer<typeof RepairOrderEvent>;

export const IngestEvent = z.discriminatedUnion('type', [DeliveryEvent, RepairOrderEvent]).meta({
  id: 'IngestEvent',
});
export type IngestEvent = z.infer<typeof IngestEvent>;

const decidedBy = {
  ruleSetId: z.uuid().nullable().describe('null: the built-in default'),
  ruleSetVersion: z.number().int().describe('0 for the built-in default'),
  ruleId: z.string(),
};

/** What the store's rules decided for one event. */
export const Decision = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('callback'),
      callbackType: z.enum(['sales', 'afterSales']),
      opensOn: z.string(),
      closesOn: z.string(),
      /** false when the window had already closed (historical data): no task was opened. */
      opened: z.boolean(),
      ...decidedBy,
    }),
    z.object({ kind: z.literal('callbackSuppressed'), reason: z.string(), ...decidedBy }),
    z.object({
      kind: z.literal('points'),
      /** The entry posted: what the order earns, or for a corrected order the difference. */
      points: z.number().int(),
      reason: z.string(),
      /** 0 for the order's first entry; each correction of it counts up. */
      revision: z.number().int(),
      ...decidedBy,
    }),
    z.object({ kind: z.literal('reminder'), reminder: z.string(), dueOn: z.string(), ...decidedBy }),
    z.object({
      kind: z.literal('card'),
      from: z.enum(['A', 'C']).nullable(),
      to: z.enum(['A', 'C']),
      reason: z.enum(['boughtHere', 'firstMaintenance', 'boughtElsewhere']),
    }),
    z.object({
      kind: z.literal('classification'),
      loyaltyCategory: z.string().nullable(),
      abcGrade: z.string().nullable(),
      lost: z.boolean(),
      ruleSetId: z.uuid().nullable(),
      ruleSetVersion: z.number().int(),
      ruleIds: z.record(z.string(), z.string()),
    }),
  ])
  .meta({ id: 'Decision' });
export type Decision = z.infer<typeof Decision>;

export const Issue = z.object({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof Issue>;

export const IngestItemResult = z
  .object({
    index: z.number().int(),
    type: z.string().nullable(),
    dmsId: z.string().nullable(),
    status: z.enum(['created', 'updated', 'unchanged', 'rejected']),
    /** The delivery's or order's id on file. */
    id: z.uuid().nullable(),
    vehicleId: z.uuid().nullable(),
    /** Why it was rejected; each names the field (`vehicle.vin`, `customer.mobile`). */
    errors: z.array(Issue),
    /** Accepted, but flagged: e.g. a VIN whose check digit does not match. */
    warnings: z.array(Issue),
    decisions: z.array(Decision),
  })
  .meta({ id: 'IngestItemResult' });
export type IngestItemResult = z.infer<typeof IngestItemResult>;

export const IngestResult = z
  .object({
    counts: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
    }),
    items: z.array(IngestItemResult),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResult>;
