import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import { fenSchema, payerSchema, serviceTypeSchema } from '../vocabulary.ts';

const points = z.number().int().min(1).max(1_000_000);
const reason = z.string().min(1).max(100);

const facts = z.object({
  eventType: z.enum([
    'repairOrder',
    'memberActivity',
    'suggestionAccepted',
    'insurancePolicySold',
    'referral',
  ]),
  order: z
    .object({
      types: z.array(serviceTypeSchema).max(20),
      payer: payerSchema,
      /** What the customer paid themselves, in fen: never the insurer's or free maintenance's share. */
      selfPaidFen: fenSchema,
    })
    .optional(),
  /** A member activity attended; staff may propose points inside the rule's range. */
  activity: z
    .object({ name: z.string().max(100).optional(), requestedPoints: z.number().int().min(0).optional() })
    .optional(),
  member: z.object({ tier: z.string().max(40).optional() }).optional(),
});

const events = {
  /** Points per whole yuan of self-paid spend (domain: 1). */
  earnPerYuan: z.object({ pointsPerYuan: z.number().positive().max(100), reason }).strict(),
  awardFixed: z.object({ points, reason }).strict(),
  /** A range staff choose within (domain: 200–500 per member activity); the minimum if they choose nothing. */
  awardInRange: z
    .object({ min: points, max: points, reason })
    .strict()
    .refine((range) => range.min <= range.max, { message: 'min must not be above max.', path: ['max'] }),
  noPoints: z.object({ reason }).strict(),
};

/**
 * At most this many points of awards (member activities, accepted suggestions) per member
 * per calendar period, however many awards are asked for; null: no cap.
 */
export const awardCapSchema = z
  .object({ points, period: z.enum(['month', 'quarter', 'year']) })
  .strict()
  .nullable();
export type AwardCap = z.output<typeof awardCapSchema>;
/** Two activities at the top of the 200–500 range a month. */
export const defaultAwardCap: AwardCap = { points: 1000, period: 'month' };

/** The first day of the award cap's period holding `today` (YYYY-MM-DD, the store's date). */
export function awardPeriodStart(period: 'month' | 'quarter' | 'year', today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = period === 'year' ? 1 : period === 'quarter' ? month - ((month - 1) % 3) : month;
  return `${year}-${String(first).padStart(2, '0')}-01`;
}

export interface PointsEntry {
  points: number;
  reason: string;
  decidedBy: DecidedBy;
}

export interface PointsDecision {
  entries: PointsEntry[];
  totalPoints: number;
  excluded: { reason: string; decidedBy: DecidedBy } | null;
  /** Months after which these points expire; null when they never do. */
  expireAfterMonths: number | null;
  /** The cap on a member's awards per period (rule sets saved before it had one: the default). */
  awardCap: AwardCap;
}

/** Points for self-paid spend, given the fen amount: whole yuan only, rounded down. */
export function pointsForSpend(selfPaidFen: number, pointsPerYuan: number): number {
  return Math.floor((Math.floor(selfPaidFen / 100) * Math.round(pointsPerYuan * 100)) / 100);
}

/** Points per event: self-paid spend, member activities, accepted suggestions; never cash. */
export const pointsKind = defineRuleKind({
  name: 'points',
  title: '会员积分',
  description:
    'Points per event: self-paid repair spend, member activities, accepted suggestions, exclusions.',
  facts,
  events,
  settings: {
    expireAfterMonths: z.number().int().min(1).max(120).nullable(),
    awardCap: awardCapSchema.default(defaultAwardCap),
  },
  decide({ firings, facts, ruleSet }): PointsDecision {
    const exclusion = firings.find((firing) => firing.type === 'noPoints');
    const { expireAfterMonths, awardCap } = ruleSet;
    if (exclusion?.type === 'noPoints') {
      return {
        entries: [],
        totalPoints: 0,
        excluded: { reason: exclusion.params.reason, decidedBy: decidedBy(exclusion) },
        expireAfterMonths,
        awardCap,
      };
    }
    const entries: PointsEntry[] = [];
    for (const firing of firings) {
      let earned = 0;
      if (firing.type === 'earnPerYuan') {
        earned = pointsForSpend(facts.order?.selfPaidFen ?? 0, firing.params.pointsPerYuan);
      } else if (firing.type === 'awardFixed') {
        earned = firing.params.points;
      } else if (firing.type === 'awardInRange') {
        const requested = facts.activity?.requestedPoints ?? firing.params.min;
        earned = Math.min(firing.params.max, Math.max(firing.params.min, requested));
      } else {
        continue;
      }
      if (earned > 0)
        entries.push({ points: earned, reason: firing.params.reason, decidedBy: decidedBy(firing) });
    }
    return {
      entries,
      totalPoints: entries.reduce((sum, entry) => sum + entry.points, 0),
      excluded: null,
      expireAfterMonths,
      awardCap,
    };
  },
  defaults: {
    kind: 'points',
    expireAfterMonths: null,
    awardCap: defaultAwardCap,
    rules: [
      {
        id: 'self-paid-spend',
        name: '自费维修消费每1元积1分(保险赔付、免费保养部分不积分)',
        priority: 10,
        conditions: {
          all: [
            { fact: 'eventType', operator: 'equal', value: 'repairOrder' },
            { fact: 'order', path: '$.selfPaidFen', operator: 'greaterThan', value: 0 },
          ],
        },
        event: { type: 'earnPerYuan', params: { pointsPerYuan: 1, reason: 'selfPaidSpend' } },
      },
      {
        id: 'member-activity',
        name: '参加会员活动每次赠送200–500分',
        priority: 10,
        conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'memberActivity' }] },
        event: { type: 'awardInRange', params: { min: 200, max: 500, reason: 'memberActivity' } },
      },
      {
        id: 'accepted-suggestion',
        name: '合理化建议被采纳赠送200分',
        priority: 10,
        conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'suggestionAccepted' }] },
        event: { type: 'awardFixed', params: { points: 200, reason: 'suggestionAccepted' } },
      },
    ],
  },
});
