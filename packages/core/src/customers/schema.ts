import { z } from 'zod';
import { Instant, IsoDate } from '../input/calendar.ts';
import { cleanText } from './normalize.ts';
import { checkLandline, checkMobile } from './phone.ts';
import { checkPlate } from './plate.ts';
import { checkVin } from './vin.ts';

/**
 * Free text from a DMS: half-width, trimmed, empty read as absent; at most `max` characters
 * once cleaned. The raw text may be padded to twice that (fixed-width DMS columns), but the
 * document states the limit that holds.
 */
export const DmsText = (max: number) =>
  z
    .string()
    .max(max * 2)
    .meta({ maxLength: max })
    .transform((s) => cleanText(s))
    .pipe(z.string().max(max).nullable());

function checked<T extends { ok: true } | { ok: false; message: string }, O>(
  check: (input: string) => T,
  pick: (result: Extract<T, { ok: true }>) => O,
) {
  return z
    .string()
    .max(60)
    .transform((input, ctx) => {
      const result = check(input);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: (result as { message: string }).message });
        return z.NEVER;
      }
      return pick(result as Extract<T, { ok: true }>);
    });
}

/** 17 characters, no I/O/Q; normalised to upper case. The check digit is judged on save (flagged, not refused). */
export const Vin = checked(checkVin, (r) => r.vin).meta({ example: '1M8GDM9AXKP042788' });
export const CustomerMobile = checked(checkMobile, (r) => r.phone).meta({ example: '13812345678' });
export const Landline = checked(checkLandline, (r) => r.phone);
export const Plate = checked(checkPlate, (r) => r.plate).meta({ example: '皖A12345' });
/** Mainland resident ID: 18 characters (the last may be X) or the old 15 digits. */
export const IdNumber = z
  .string()
  .transform((s) => (cleanText(s) ?? '').toUpperCase())
  .pipe(z.string().regex(/^(\d{17}[\dX]|\d{15})$/, 'must be an 18-character resident ID number'));
export { Instant, IsoDate };
export const Fen = z.number().int().min(0).max(100_000_000_000);

export const gender = z.enum(['male', 'female']);
export const preferredChannel = z.enum(['phone', 'sms', 'wechat', 'email', 'visit']);

/** A customer as the DMS sends it; absent fields keep what the file already holds. */
export const CustomerInput = z
  .object({
    /** The DMS's own customer id: the key that makes a resend update rather than duplicate. */
    dmsId: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(100),
    gender: gender.optional(),
    title: DmsText(20).optional(),
    birthday: IsoDate.optional(),
    idNumber: IdNumber.optional(),
    mobile: CustomerMobile.optional(),
    landline: Landline.optional(),
    email: z.email().max(200).optional(),
    wechat: DmsText(100).optional(),
    qq: DmsText(20).optional(),
    city: DmsText(50).optional(),
    district: DmsText(50).optional(),
    homeAddress: DmsText(200).optional(),
    mailingAddress: DmsText(200).optional(),
    postcode: DmsText(10).optional(),
    preferredChannel: preferredChannel.optional(),
    occupation: DmsText(50).optional(),
    industry: DmsText(50).optional(),
    infoSource: DmsText(50).optional(),
    visitChannel: DmsText(50).optional(),
    vip: z.boolean().optional(),
    refusesCalls: z.boolean().optional(),
    smsOptedOut: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'CustomerInput' });
export type CustomerInput = z.infer<typeof CustomerInput>;

export const VehicleInput = z
  .object({
    vin: Vin,
    plate: Plate.optional(),
    brand: DmsText(50).optional(),
    series: DmsText(100).optional(),
    model: DmsText(100).optional(),
    trimOptions: DmsText(200).optional(),
    exteriorColour: DmsText(50).optional(),
    interiorColour: DmsText(50).optional(),
    certificateNo: DmsText(50).optional(),
    invoiceNo: DmsText(50).optional(),
    purchaseDate: IsoDate.optional(),
    insurer: DmsText(100).optional(),
    insuredHere: z.boolean().optional(),
    insuranceExpiryDate: IsoDate.optional(),
    inspectionDueDate: IsoDate.optional(),
    mileageKm: z.number().int().min(0).max(5_000_000).optional(),
    nextMaintenanceDate: IsoDate.optional(),
    nextMaintenanceKm: z.number().int().min(0).max(5_000_000).optional(),
  })
  .strict()
  .meta({ id: 'VehicleInput' });
export type VehicleInput = z.infer<typeof VehicleInput>;

export const CardType = z.enum(['A', 'C']);
export const LoyaltyCategory = z.enum(['everyMaintenance', 'sometimes', 'never']);
export const AbcGrade = z.enum(['A', 'B', 'C']);

export const Customer = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    dmsId: z.string(),
    name: z.string(),
    gender: gender.nullable(),
    title: z.string().nullable(),
    birthday: z.string().nullable(),
    idNumber: z.string().nullable().describe('Masked unless the caller asked to unmask'),
    mobile: z.string().nullable().describe('Masked unless the caller asked to unmask'),
    landline: z.string().nullable(),
    email: z.string().nullable(),
    wechat: z.string().nullable(),
    qq: z.string().nullable(),
    city: z.string().nullable(),
    district: z.string().nullable(),
    homeAddress: z.string().nullable(),
    mailingAddress: z.string().nullable(),
    postcode: z.string().nullable(),
    preferredChannel: z.string().nullable(),
    convenientTime: z.string().nullable(),
    occupation: z.string().nullable(),
    industry: z.string().nullable(),
    jobTitle: z.string().nullable(),
    interests: z.string().nullable(),
    personalityNotes: z.string().nullable(),
    maritalStatus: z.string().nullable(),
    weddingAnniversary: z.string().nullable(),
    education: z.string().nullable(),
    incomeBand: z.string().nullable(),
    ageBand: z.string().nullable(),
    infoSource: z.string().nullable(),
    visitChannel: z.string().nullable(),
    vip: z.boolean(),
    refusesCalls: z.boolean(),
    smsOptedOut: z.boolean(),
    uncertain: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof Customer>;

export const Vehicle = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    vin: z.string(),
    vinCheckDigitOk: z.boolean().nullable().describe('false: the check digit does not match (flagged)'),
    plate: z.string().nullable(),
    brand: z.string().nullable(),
    series: z.string().nullable(),
    model: z.string().nullable(),
    trimOptions: z.string().nullable(),
    exteriorColour: z.string().nullable(),
    interiorColour: z.string().nullable(),
    certificateNo: z.string().nullable(),
    invoiceNo: z.string().nullable(),
    purchaseDate: z.string().nullable(),
    deliveryDate: z.string().nullable(),
    sellingConsultant: z.string().nullable(),
    insurer: z.string().nullable(),
    insuredHere: z.boolean().nullable(),
    insuranceExpiryDate: z.string().nullable(),
    inspectionDueDate: z.string().nullable(),
    mileageKm: z.number().nullable(),
    nextMaintenanceDate: z.string().nullable(),
    nextMaintenanceKm: z.number().nullable(),
    currentOwnerId: z.uuid().nullable(),
    cardType: CardType.nullable(),
    cardChangedAt: z.string().nullable(),
    firstVisitOn: z.string().nullable(),
    secondVisitOn: z.string().nullable(),
    lastVisitOn: z.string().nullable(),
    firstMaintenanceOn: z.string().nullable(),
    lastMaintenanceOn: z.string().nullable(),
    visits6m: z.number(),
    visits12m: z.number(),
    visits36m: z.number(),
    cumulativeSpendFen: z.number(),
    spend12mFen: z.number(),
    serviceTypes: z.array(z.string()),
    loyaltyCategory: LoyaltyCategory.nullable(),
    abcGrade: AbcGrade.nullable(),
    askForReferral: z.boolean(),
    lost: z.boolean(),
    classifiedAt: z.string().nullable(),
    classificationVersion: z.number().nullable(),
  })
  .meta({ id: 'Vehicle' });
export type Vehicle = z.infer<typeof Vehicle>;

/** One line of a search: the file (vehicle) and its owner, personal fields masked. */
export const CustomerFileSummary = z
  .object({
    vehicleId: z.uuid(),
    vin: z.string(),
    plate: z.string().nullable(),
    model: z.string().nullable(),
    cardType: CardType.nullable(),
    abcGrade: AbcGrade.nullable(),
    lastVisitOn: z.string().nullable(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    mobile: z.string().nullable().describe('Always masked in search results'),
    uncertain: z.boolean(),
  })
  .meta({ id: 'CustomerFileSummary' });
export type CustomerFileSummary = z.infer<typeof CustomerFileSummary>;

export const SearchCustomerFilesQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .describe('A name (prefix), the last 4+ digits of a phone, a plate, a full VIN or its last 6'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchCustomerFilesQuery = z.infer<typeof SearchCustomerFilesQuery>;

const decidedBy = {
  ruleSetId: z.uuid().nullable(),
  ruleSetVersion: z.number().int().nullable(),
  ruleId: z.string().nullable(),
};

/** The one-car-one-file: the vehicle, its owner, the history, and everything decided about it. */
export const CustomerFile = z
  .object({
    vehicle: Vehicle,
    customer: Customer.nullable(),
    unmasked: z.boolean(),
    owners: z.array(
      z.object({ customerId: z.uuid(), name: z.string(), fromAt: z.string(), toAt: z.string().nullable() }),
    ),
    timeline: z.array(
      z.object({
        kind: z.enum(['delivery', 'repairOrder', 'callbackTask', 'pointsEntry', 'reminder', 'cardChange']),
        id: z.uuid(),
        on: z.string().describe('Store-local date'),
        summary: z.record(z.string(), z.unknown()),
        ...decidedBy,
      }),
    ),
    pointsBalance: z.number().int(),
    openUncertainRecord: z.object({ id: z.uuid(), reason: z.string(), openedAt: z.string() }).nullable(),
  })
  .meta({ id: 'CustomerFile' });
export type CustomerFile = z.infer<typeof CustomerFile>;

/** What staff may edit by hand; classification and aggregates are never typed in. */
export const UpdateCustomerInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    gender: gender.nullable(),
    title: DmsText(20),
    birthday: IsoDate.nullable(),
    idNumber: IdNumber.nullable(),
    mobile: CustomerMobile.nullable(),
    landline: Landline.nullable(),
    email: z.email().max(200).nullable(),
    wechat: DmsText(100),
    qq: DmsText(20),
    city: DmsText(50),
    district: DmsText(50),
    homeAddress: DmsText(200),
    mailingAddress: DmsText(200),
    postcode: DmsText(10),
    preferredChannel: preferredChannel.nullable(),
    convenientTime: DmsText(50),
    occupation: DmsText(50),
    industry: DmsText(50),
    jobTitle: DmsText(50),
    interests: DmsText(200),
    personalityNotes: DmsText(500),
    maritalStatus: z.enum(['single', 'married', 'other']).nullable(),
    weddingAnniversary: IsoDate.nullable(),
    education: DmsText(50),
    incomeBand: DmsText(50),
    ageBand: DmsText(50),
    infoSource: DmsText(50),
    visitChannel: DmsText(50),
    vip: z.boolean(),
    refusesCalls: z.boolean(),
    smsOptedOut: z.boolean(),
  })
  .partial()
  .strict()
  .meta({ id: 'UpdateCustomerInput' });
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerInput>;
