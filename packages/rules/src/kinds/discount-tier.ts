import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import { fenSchema, isoDateSchema, payerSchema, serviceTypeSchema } from '../vocabulary.ts';

const percent = z.number().min(0).max(100);
const tierCode = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/);

const facts = z.object({
  /** The member card presented for this order; absent for a customer without a card. */
  member: z
    .object({
      tier: tierCode,
      /** Presented before payment; a card shown afterwards earns nothing (seed rule 4). */
      cardPresented: z.boolean(),
      /** Cards are valid 3 years. */
      cardValidUntil: isoDateSchema.optional(),
    })
    .optional(),
  order: z.object({
    types: z.array(serviceTypeSchema).max(20),
    payer: payerSchema,
    labourFen: fenSchema,
    partsFen: fenSchema,
  }),
});

const events = {
  grantDiscount: z
    .object({
      labourPercentOff: percent,
      partsPercentOff: percent,
      /** Gold-diamond members' fast lane (绿色通道). */
      fastLane: z.boolean().optional(),
    })
    .strict(),
  denyDiscount: z.object({ reason: z.string().min(1).max(100) }).strict(),
};

export interface GrantedDiscount {
  labourPercentOff: number;
  partsPercentOff: number;
  labourDiscountFen: number;
  partsDiscountFen: number;
  fastLane: boolean;
  decidedBy: DecidedBy;
}

export interface DiscountTierDecision {
  discount: GrantedDiscount | null;
  denied: { reason: string; decidedBy: DecidedBy } | null;
}

/** A percentage off an amount in fen, rounded to the fen (percent read to two decimals). */
export function percentOfFen(amountFen: number, percentOff: number): number {
  const basisPoints = Math.round(percentOff * 100);
  return Math.round((amountFen * basisPoints) / 10_000);
}

/** Labour and parts discount per member tier and order type, with the orders that never get one. */
export const discountTierKind = defineRuleKind({
  name: 'discountTier',
  title: '会员折扣',
  description: 'Labour and parts discount per member tier and order type; exclusions; never stacked.',
  facts,
  events,
  settings: {
    /** The store's tiers, lowest first, with their zh-CN names. */
    tiers: z
      .array(z.object({ code: tierCode, label: z.string().min(1).max(40) }).strict())
      .min(1)
      .max(10),
  },
  decide({ firings, facts }): DiscountTierDecision {
    const denial = firings.find((firing) => firing.type === 'denyDiscount');
    if (denial?.type === 'denyDiscount') {
      return { discount: null, denied: { reason: denial.params.reason, decidedBy: decidedBy(denial) } };
    }
    // Discounts never stack: the first grant (highest priority, then written order) applies alone.
    const grant = firings.find((firing) => firing.type === 'grantDiscount');
    if (grant?.type !== 'grantDiscount') return { discount: null, denied: null };
    const { labourPercentOff, partsPercentOff } = grant.params;
    return {
      discount: {
        labourPercentOff,
        partsPercentOff,
        labourDiscountFen: percentOfFen(facts.order.labourFen, labourPercentOff),
        partsDiscountFen: percentOfFen(facts.order.partsFen, partsPercentOff),
        fastLane: grant.params.fastLane ?? false,
        decidedBy: decidedBy(grant),
      },
      denied: null,
    };
  },
  defaults: {
    kind: 'discountTier',
    // Seed 000: 银卡(9 折)会员卡(9.5 折); seed 004: 金钻会员到店维修时,专享绿色通道.
    tiers: [
      { code: 'member', label: '会员卡' },
      { code: 'silver', label: '银卡' },
      { code: 'goldDiamond', label: '金钻' },
    ],
    rules: [
      {
        id: 'never-on-accident-or-insurance-repairs',
        name: '出险事故车辆维修不享受会员折扣',
        priority: 100,
        conditions: {
          any: [
            { fact: 'order', path: '$.payer', operator: 'equal', value: 'insurance' },
            { fact: 'order', path: '$.types', operator: 'inSet', value: ['insuranceRepair'] },
          ],
        },
        event: { type: 'denyDiscount', params: { reason: 'insuranceRepair' } },
      },
      {
        id: 'card-presented-before-payment',
        name: '结算交款前未出示会员卡的不打折',
        priority: 100,
        conditions: { all: [{ fact: 'member', path: '$.cardPresented', operator: 'notEqual', value: true }] },
        event: { type: 'denyDiscount', params: { reason: 'cardNotPresented' } },
      },
      {
        id: 'card-expired',
        name: '会员卡过期(有效期三年)不打折',
        priority: 100,
        conditions: {
          all: [{ fact: 'member', path: '$.cardValidUntil', operator: 'daysSinceAtLeast', value: 1 }],
        },
        event: { type: 'denyDiscount', params: { reason: 'cardExpired' } },
      },
      {
        id: 'member-discount',
        name: '会员卡会员工时、配件9.5折',
        priority: 10,
        conditions: { all: [{ fact: 'member', path: '$.tier', operator: 'equal', value: 'member' }] },
        event: { type: 'grantDiscount', params: { labourPercentOff: 5, partsPercentOff: 5 } },
      },
      {
        id: 'silver-discount',
        name: '银卡会员工时、配件9折',
        priority: 10,
        conditions: { all: [{ fact: 'member', path: '$.tier', operator: 'equal', value: 'silver' }] },
        event: { type: 'grantDiscount', params: { labourPercentOff: 10, partsPercentOff: 10 } },
      },
      {
        id: 'gold-diamond-discount',
        name: '金钻会员工时8.5折、配件8.5折,专享绿色通道',
        priority: 10,
        conditions: { all: [{ fact: 'member', path: '$.tier', operator: 'equal', value: 'goldDiamond' }] },
        event: {
          type: 'grantDiscount',
          params: { labourPercentOff: 15, partsPercentOff: 15, fastLane: true },
        },
      },
    ],
  },
});
