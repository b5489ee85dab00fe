import { payerSchema, serviceTypeSchema } from '@crm/rules';
import { z } from 'zod';
import { Instant } from '../input/calendar.ts';
import { TierProgress } from './tier-progress.ts';

const Fen = z.number().int().min(0).max(100_000_000);
const TierCode = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'a tier code such as silver');

export const CardStatus = z.enum(['active', 'expired', 'lost', 'cancelled']);
export type CardStatus = z.infer<typeof CardStatus>;

const ruleRef = {
  ruleSetId: z.uuid().nullable().describe('null: the built-in default'),
  ruleSetVersion: z.number().int().nullable(),
  ruleId: z.string().nullable(),
};

/** The store's club fees (入会费, 补办卡工本费), in fen. */
export const MembershipSettings = z
  .object({ joiningFeeFen: Fen, reissueFeeFen: Fen })
  .meta({ id: 'MembershipSettings' });
export type MembershipSettings = z.infer<typeof MembershipSettings>;
export const SaveMembershipSettingsInput = z.object({ joiningFeeFen: Fen, reissueFeeFen: Fen }).strict();
export type SaveMembershipSettingsInput = z.infer<typeof SaveMembershipSettingsInput>;

/**
 * 入会: a card for one car. Staff confirm they have seen the owner's ID card, the vehicle
 * licence (行驶证) and the driving licence (驾驶证); the owner's age comes from the file.
 */
export const IssueMemberCardInput = z
  .object({
    vehicleId: z.uuid(),
    documents: z
      .object({ idCard: z.boolean(), vehicleLicence: z.boolean(), drivingLicence: z.boolean() })
      .strict(),
    /** The starting tier; the store's lowest tier when absent. */
    tier: TierCode.optional(),
  })
  .strict()
  .meta({ id: 'IssueMemberCardInput' });
export type IssueMemberCardInput = z.infer<typeof IssueMemberCardInput>;

export const MemberCard = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    vehicleId: z.uuid(),
    customerId: z.uuid(),
    cardNo: z.string(),
    tier: z.string(),
    status: CardStatus,
    issuedOn: z.iso.date(),
    validUntil: z.iso.date(),
    customerName: z.string(),
    vin: z.string(),
    plate: z.string().nullable(),
    balance: z.number().int(),
  })
  .meta({ id: 'MemberCard' });
export type MemberCard = z.infer<typeof MemberCard>;

export const MemberCardEvent = z
  .object({
    kind: z.enum(['issued', 'renewed', 'reportedLost', 'reissued', 'cancelled', 'expired', 'tierMoved']),
    cardNo: z.string(),
    feeFen: z.number().int(),
    fromTier: z.string().nullable(),
    toTier: z.string().nullable(),
    validUntil: z.string().nullable(),
    ...ruleRef,
    at: Instant,
  })
  .meta({ id: 'MemberCardEvent' });
export type MemberCardEvent = z.infer<typeof MemberCardEvent>;

/** One ledger entry: positive earns, negative spends; each names its source. */
export const LedgerEntry = z
  .object({
    id: z.uuid(),
    points: z.number().int(),
    reason: z.string(),
    sourceKind: z.string(),
    sourceId: z.uuid(),
    /** 0 for the source's first entry; a correction of it (a repair order the DMS changed) counts up. */
    revision: z.number().int(),
    expiresOn: z.string().nullable(),
    note: z.string().nullable(),
    ...ruleRef,
    createdAt: Instant,
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const MemberCardPage = z
  .object({
    card: MemberCard,
    tierLabel: z.string(),
    /** The store's tiers, lowest first. */
    tiers: z.array(z.object({ code: z.string(), label: z.string() })),
    /** What the next tier needs, as the store's classification rules set it (active cards only). */
    progress: TierProgress,
    cumulativeSpendFen: z.number().int(),
    history: z.array(MemberCardEvent),
    ledger: z.array(LedgerEntry),
  })
  .meta({ id: 'MemberCardPage' });
export type MemberCardPage = z.infer<typeof MemberCardPage>;

export const MemberListQuery = z.object({
  status: CardStatus.optional(),
  /** Card number, plate or VIN tail, or the owner's name. */
  q: z.string().trim().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

/** Points for a member activity attended (200–500 by default) or an accepted suggestion (200). */
export const AwardPointsInput = z
  .object({
    cardId: z.uuid(),
    kind: z.enum(['memberActivity', 'suggestionAccepted']),
    /** The activity or the suggestion: the same one twice for the same member earns once. */
    sourceId: z.uuid(),
    /** For an activity: the points staff propose, held inside the rule's range. */
    requestedPoints: z.number().int().min(0).max(1_000_000).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'AwardPointsInput' });
export type AwardPointsInput = z.infer<typeof AwardPointsInput>;

export const AwardRequestStatus = z.enum(['pending', 'approved', 'rejected']);
export type AwardRequestStatus = z.infer<typeof AwardRequestStatus>;

/**
 * An award of points as it was asked for: pending until a manager approves or rejects it
 * (an award by someone who may approve is approved as it is made).
 */
export const PointsAwardRequest = z
  .object({
    id: z.uuid(),
    cardId: z.uuid(),
    cardNo: z.string(),
    customerName: z.string(),
    kind: AwardPointsInput.shape.kind,
    sourceId: z.uuid(),
    /** What the store's points rules decided when it was asked for. */
    points: z.number().int(),
    note: z.string().nullable(),
    status: AwardRequestStatus,
    requestedBy: z.string().nullable().describe('the name of who asked for it'),
    requestedAt: Instant,
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: 'PointsAwardRequest' });
export type PointsAwardRequest = z.infer<typeof PointsAwardRequest>;

/** An award's outcome: its request, the entries it posted now (none while pending or on a replay), the balance. */
export const AwardOutcome = z
  .object({ request: PointsAwardRequest, posted: z.array(LedgerEntry), balance: z.number().int() })
  .meta({ id: 'AwardOutcome' });
export type AwardOutcome = z.infer<typeof AwardOutcome>;

export const AwardRequestQuery = z.object({
  status: AwardRequestStatus.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AwardRequestQuery = z.infer<typeof AwardRequestQuery>;

/** A manager's rejection, with the reason the requester will read. */
export const RejectAwardInput = z
  .object({ reason: z.string().trim().min(2).max(500) })
  .strict()
  .meta({ id: 'RejectAwardInput' });
export type RejectAwardInput = z.infer<typeof RejectAwardInput>;

/** A manager's correction, with the reason written down. */
export const AdjustPointsInput = z
  .object({
    cardId: z.uuid(),
    points: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((p) => p !== 0, 'must not be zero'),
    reason: z.string().trim().min(2).max(500),
  })
  .strict()
  .meta({ id: 'AdjustPointsInput' });
export type AdjustPointsInput = z.infer<typeof AdjustPointsInput>;

export const RedemptionCategory = z.enum(['trip', 'drink', 'accessory', 'carWash', 'other']);

export const RedemptionItem = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    category: RedemptionCategory,
    pointsCost: z.number().int(),
    stock: z.number().int(),
    active: z.boolean(),
  })
  .meta({ id: 'RedemptionItem' });
export type RedemptionItem = z.infer<typeof RedemptionItem>;

/** Creates the item with this code, or replaces its details and stock. */
export const SaveRedemptionItemInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, - and _ only, at most 40'),
    name: z.string().trim().min(1).max(100),
    category: RedemptionCategory,
    pointsCost: z.number().int().min(1).max(10_000_000),
    stock: z.number().int().min(0).max(1_000_000),
    active: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'SaveRedemptionItemInput' });
export type SaveRedemptionItemInput = z.infer<typeof SaveRedemptionItemInput>;

export const RedeemInput = z
  .object({
    cardId: z.uuid(),
    itemId: z.uuid(),
    quantity: z.number().int().min(1).max(100).default(1),
    /** The member confirmed the points to be spent (the UI asks first). */
    confirmed: z.literal(true, 'the member must confirm the redemption'),
    /** Sent again after a lost reply, the same key redeems once. */
    redemptionId: z.uuid().optional(),
  })
  .strict()
  .meta({ id: 'RedeemInput' });
export type RedeemInput = z.infer<typeof RedeemInput>;

export const Redemption = z
  .object({
    id: z.uuid(),
    cardId: z.uuid(),
    itemId: z.uuid(),
    itemName: z.string(),
    quantity: z.number().int(),
    points: z.number().int(),
    balance: z.number().int(),
    stockLeft: z.number().int(),
    at: Instant,
  })
  .meta({ id: 'Redemption' });
export type Redemption = z.infer<typeof Redemption>;

const OrderLine = z
  .object({
    kind: z.enum(['labour', 'parts']),
    description: z.string().trim().min(1).max(200),
    amountFen: Fen,
  })
  .strict();

/** An order before payment: its lines, its type and payer, and the card if the customer showed it. */
export const OrderQuoteInput = z
  .object({
    orderTypes: z.array(serviceTypeSchema).min(1).max(20),
    payer: payerSchema,
    lines: z.array(OrderLine).min(1).max(200),
    cardId: z.uuid().optional(),
    /** 结算交款前出示会员卡: shown before payment. */
    cardPresented: z.boolean(),
  })
  .strict()
  .meta({ id: 'OrderQuoteInput' });
export type OrderQuoteInput = z.infer<typeof OrderQuoteInput>;

export const OrderQuote = z
  .object({
    labourFen: z.number().int(),
    partsFen: z.number().int(),
    discountLines: z.array(
      z.object({
        lineIndex: z.number().int(),
        kind: z.enum(['labour', 'parts']),
        description: z.string(),
        amountFen: z.number().int(),
        percentOff: z.number(),
        discountFen: z.number().int(),
        ruleSetId: z.uuid().nullable(),
        ruleSetVersion: z.number().int(),
        ruleId: z.string(),
        ruleName: z.string(),
      }),
    ),
    totalDiscountFen: z.number().int(),
    payableFen: z.number().int(),
    fastLane: z.boolean(),
    /** Why no discount applies, and the rule (or the card's state) that says so. */
    denied: z
      .object({ reason: z.string(), ruleId: z.string().nullable(), ruleName: z.string().nullable() })
      .nullable(),
    member: z.object({ cardNo: z.string(), tier: z.string(), status: CardStatus }).nullable(),
  })
  .meta({ id: 'OrderQuote' });
export type OrderQuote = z.infer<typeof OrderQuote>;
