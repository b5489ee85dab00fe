import { z } from 'zod';
import { Instant } from '../input/calendar.ts';

export const ContactChannel = z.enum(['phone', 'sms', 'letter', 'visit', 'wechat']);
export const ContactResult = z.enum(['reached', 'notReached', 'appointmentMade', 'refused', 'wrongNumber']);
/** Why the customer stopped coming (流失原因), as the service department reads it. */
export const LostReason = z.enum([
  'price',
  'distance',
  'serviceQuality',
  'staffAttitude',
  'waitingTime',
  'movedAway',
  'soldVehicle',
  'otherDealer',
  'other',
]);

/** One row of the lost-customer contact log (流失客户联络表). */
export const LostCustomerContact = z
  .object({
    id: z.uuid(),
    vehicleId: z.uuid(),
    customerId: z.uuid(),
    contactedAt: z.string(),
    contactedBy: z.object({ id: z.uuid(), name: z.string() }),
    channel: ContactChannel,
    result: ContactResult,
    lostReason: LostReason.nullable(),
    customerView: z.string().describe("The customer's view, in their words"),
    wonBack: z.boolean(),
  })
  .meta({ id: 'LostCustomerContact' });
export type LostCustomerContact = z.infer<typeof LostCustomerContact>;

/** A car whose owner has not come for 12 months or more (the classification rule), with its latest contact. */
export const LostCustomer = z
  .object({
    vehicleId: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    phone: z.string().nullable().describe('Masked'),
    plate: z.string().nullable(),
    model: z.string().nullable(),
    lastVisitOn: z.string().nullable(),
    loyaltyCategory: z.string().nullable(),
    abcGrade: z.string().nullable(),
    contacts: z.number().int(),
    lastContact: LostCustomerContact.pick({
      contactedAt: true,
      channel: true,
      result: true,
      wonBack: true,
    }).nullable(),
    wonBack: z.boolean().describe('A contact recorded the customer as won back'),
  })
  .meta({ id: 'LostCustomer' });
export type LostCustomer = z.infer<typeof LostCustomer>;

export const LostCustomerQuery = z.object({
  contacted: z.enum(['never', 'yes']).optional().describe('never: not contacted yet'),
  wonBack: z.enum(['true', 'false']).optional(),
  plate: z.string().trim().min(1).max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type LostCustomerQuery = z.infer<typeof LostCustomerQuery>;

export const RecordLostCustomerContactInput = z
  .object({
    channel: ContactChannel,
    result: ContactResult,
    /** When the contact happened; now when left out. Never in the future. */
    contactedAt: Instant.optional(),
    lostReason: LostReason.optional(),
    customerView: z.string().trim().max(1000).default(''),
    wonBack: z.boolean().default(false),
  })
  .meta({ id: 'RecordLostCustomerContactInput' });
export type RecordLostCustomerContactInput = z.infer<typeof RecordLostCustomerContactInput>;
