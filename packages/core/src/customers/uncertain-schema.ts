import { z } from 'zod';
import { CustomerMobile, DmsText } from './schema.ts';

export const UncertainReason = z.enum(['wrongNumber', 'emptyNumber', 'other']);
/** Where a record came from: a callback that hit a wrong number, a file import, or staff by hand. */
export const UncertainSource = z.enum(['callback', 'import', 'manual']);
export const UncertainResolution = z.enum(['confirmed', 'corrected', 'unreachable', 'closed']);

/** One line of 不确定客户记录表: the record, the customer and a car of theirs, phone masked. */
export const UncertainCustomerRecord = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string(),
    mobile: z.string().nullable().describe('Always masked'),
    vehicleId: z.uuid().nullable().describe("One of the customer's cars at the store (the file to open)"),
    vin: z.string().nullable(),
    plate: z.string().nullable(),
    reason: UncertainReason,
    source: UncertainSource,
    note: z.string().nullable(),
    openedAt: z.string(),
    openedByName: z.string().nullable(),
    resolution: UncertainResolution.nullable(),
    resolutionNote: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedByName: z.string().nullable(),
  })
  .meta({ id: 'UncertainCustomerRecord' });
export type UncertainCustomerRecord = z.infer<typeof UncertainCustomerRecord>;

export const ListUncertainCustomersQuery = z.object({
  status: z.enum(['open', 'resolved']).default('open').describe('open: still on the list; resolved: done'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListUncertainCustomersQuery = z.infer<typeof ListUncertainCustomersQuery>;

/** Staff open a record by hand (source `manual`). */
export const OpenUncertainRecordInput = z
  .object({
    customerId: z.uuid(),
    reason: UncertainReason,
    note: DmsText(500).optional(),
  })
  .strict()
  .meta({ id: 'OpenUncertainRecordInput' });
export type OpenUncertainRecordInput = z.infer<typeof OpenUncertainRecordInput>;

/**
 * How a record is resolved. `corrected` writes the recovered mobile (validated like every
 * mobile) and, if given, name and address onto the customer; the others leave the file as it
 * is. Every resolution clears the file's flag and leaves the list.
 */
export const ResolveUncertainRecordInput = z
  .object({
    resolution: UncertainResolution,
    mobile: CustomerMobile.optional().describe('Required for `corrected`: the recovered mobile'),
    name: z.string().trim().min(1).max(100).optional(),
    address: DmsText(200).optional().describe('The recovered mailing address (通讯地址)'),
    note: DmsText(500).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.resolution === 'corrected' && input.mobile === undefined)
      ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'the corrected mobile is required' });
    if (input.resolution !== 'corrected')
      for (const field of ['mobile', 'name', 'address'] as const)
        if (input[field] !== undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: 'only a correction changes the file' });
  })
  .meta({ id: 'ResolveUncertainRecordInput' });
export type ResolveUncertainRecordInput = z.infer<typeof ResolveUncertainRecordInput>;
