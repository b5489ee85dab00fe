import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import { fenSchema, isoDateSchema } from '../vocabulary.ts';

const loyalty = z.enum(['everyMaintenance', 'sometimes', 'never']);
const grade = z.enum(['A', 'B', 'C']);
const visitCount = z.number().int().min(0);

const facts = z.object({
  firstMaintenanceDone: z.boolean().optional(),
  /** Share (0–100) of the maintenances due since the first one that were done at this store. */
  maintenanceAttendancePercent: z.number().min(0).max(100).optional(),
  lastVisitDate: isoDateSchema.optional(),
  visits: z
    .object({ last6Months: visitCount, last12Months: visitCount, last36Months: visitCount })
    .optional(),
  spend: z.object({ cumulativeFen: fenSchema, last12MonthsFen: fenSchema }).optional(),
  member: z.object({ tier: z.string().max(40).optional() }).optional(),
});

const events = {
  setLoyalty: z.object({ category: loyalty }).strict(),
  setGrade: z.object({ grade, askForReferral: z.boolean() }).strict(),
  markLost: z.object({ reason: z.string().min(1).max(100) }).strict(),
  moveTier: z.object({ tier: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/) }).strict(),
};

const intervalDays = z.number().int().min(7).max(1_095);

/**
 * How often a car is expected for maintenance, so that loyalty (每次保养都来) is judged
 * against its brand's service interval: a yearly-service brand's owner who comes every
 * year comes for every maintenance. Entries by brand and/or model, first match wins (list
 * a model before its brand); any other car: `defaultDays`.
 */
export const maintenanceIntervalsSchema = z
  .object({
    defaultDays: intervalDays,
    byVehicle: z
      .array(
        z
          .object({
            brand: z.string().trim().min(1).max(50).optional(),
            model: z.string().trim().min(1).max(100).optional(),
            days: intervalDays,
          })
          .strict()
          .refine((entry) => entry.brand !== undefined || entry.model !== undefined, {
            message: 'Name a brand, a model or both.',
          }),
      )
      .max(100),
  })
  .strict();
export type MaintenanceIntervals = z.infer<typeof maintenanceIntervalsSchema>;

/** Half a year (domain.md: a periodic reminder after 5–6 months without maintenance). */
const builtInIntervals: MaintenanceIntervals = { defaultDays: 182, byVehicle: [] };

/** The days between maintenances expected of this car under the store's classification rules. */
export function expectedMaintenanceIntervalDays(
  intervals: MaintenanceIntervals,
  vehicle: { brand?: string | null; model?: string | null },
): number {
  const entry = intervals.byVehicle.find(
    (e) =>
      (e.brand === undefined || e.brand === vehicle.brand) &&
      (e.model === undefined || e.model === vehicle.model),
  );
  return entry?.days ?? intervals.defaultDays;
}

/** The intervals of a compiled classification rule set (a body saved before they existed: the built-in ones). */
export function maintenanceIntervalsOf(ruleSet: object): MaintenanceIntervals {
  const parsed = maintenanceIntervalsSchema.safeParse(
    'maintenanceIntervals' in ruleSet ? ruleSet.maintenanceIntervals : undefined,
  );
  return parsed.success ? parsed.data : builtInIntervals;
}

export interface ClassificationDecision {
  /** 忠诚度: comes for every maintenance / sometimes / never. */
  loyalty: { category: z.infer<typeof loyalty>; decidedBy: DecidedBy } | null;
  /** 客户等级 ABC; A and B are asked for referrals. */
  grade: { grade: z.infer<typeof grade>; askForReferral: boolean; decidedBy: DecidedBy } | null;
  /** 流失客户. */
  lost: { reason: string; decidedBy: DecidedBy } | null;
  /** The tier the member card should have now (up or down). */
  tier: { tier: string; decidedBy: DecidedBy } | null;
}

/** Loyalty category, ABC grade, lost customers and tier moves, from the customer's history. */
export const classificationKind = defineRuleKind({
  name: 'classification',
  title: '客户分类',
  description: 'Loyalty category, ABC value grade, lost customer, member tier moves.',
  facts,
  events,
  settings: {
    maintenanceIntervals: maintenanceIntervalsSchema.default(builtInIntervals),
  },
  decide({ firings }): ClassificationDecision {
    // Each classification is single-valued: the first firing of its type wins.
    const decision: ClassificationDecision = { loyalty: null, grade: null, lost: null, tier: null };
    for (const firing of firings) {
      if (firing.type === 'setLoyalty') {
        decision.loyalty ??= { category: firing.params.category, decidedBy: decidedBy(firing) };
      } else if (firing.type === 'setGrade') {
        decision.grade ??= {
          grade: firing.params.grade,
          askForReferral: firing.params.askForReferral,
          decidedBy: decidedBy(firing),
        };
      } else if (firing.type === 'markLost') {
        decision.lost ??= { reason: firing.params.reason, decidedBy: decidedBy(firing) };
      } else {
        decision.tier ??= { tier: firing.params.tier, decidedBy: decidedBy(firing) };
      }
    }
    return decision;
  },
  defaults: {
    kind: 'classification',
    maintenanceIntervals: builtInIntervals,
    rules: [
      {
        id: 'lost-after-365-days',
        name: '12个月(365天)以上未来店为流失客户',
        priority: 100,
        conditions: { all: [{ fact: 'lastVisitDate', operator: 'daysSinceAtLeast', value: 365 }] },
        event: { type: 'markLost', params: { reason: 'noVisitFor365Days' } },
      },
      {
        id: 'loyalty-every-maintenance',
        name: '首保后每次保养都来店',
        priority: 30,
        conditions: {
          all: [
            { fact: 'firstMaintenanceDone', operator: 'equal', value: true },
            { fact: 'maintenanceAttendancePercent', operator: 'greaterThanInclusive', value: 80 },
          ],
        },
        event: { type: 'setLoyalty', params: { category: 'everyMaintenance' } },
      },
      {
        id: 'loyalty-sometimes',
        name: '首保后有时来店保养',
        priority: 20,
        conditions: {
          all: [
            { fact: 'firstMaintenanceDone', operator: 'equal', value: true },
            { fact: 'maintenanceAttendancePercent', operator: 'greaterThan', value: 0 },
          ],
        },
        event: { type: 'setLoyalty', params: { category: 'sometimes' } },
      },
      {
        id: 'loyalty-never',
        name: '首保后从不来店保养',
        priority: 10,
        conditions: {
          all: [
            { fact: 'firstMaintenanceDone', operator: 'equal', value: true },
            { fact: 'maintenanceAttendancePercent', operator: 'equal', value: 0 },
          ],
        },
        event: { type: 'setLoyalty', params: { category: 'never' } },
      },
      {
        id: 'grade-a',
        name: 'A类:近12个月来店4次以上或消费2万元以上',
        priority: 30,
        conditions: {
          any: [
            { fact: 'visits', path: '$.last12Months', operator: 'greaterThanInclusive', value: 4 },
            { fact: 'spend', path: '$.last12MonthsFen', operator: 'greaterThanInclusive', value: 2_000_000 },
          ],
        },
        event: { type: 'setGrade', params: { grade: 'A', askForReferral: true } },
      },
      {
        id: 'grade-b',
        name: 'B类:近12个月来店2次以上或消费5千元以上',
        priority: 20,
        conditions: {
          any: [
            { fact: 'visits', path: '$.last12Months', operator: 'greaterThanInclusive', value: 2 },
            { fact: 'spend', path: '$.last12MonthsFen', operator: 'greaterThanInclusive', value: 500_000 },
          ],
        },
        event: { type: 'setGrade', params: { grade: 'B', askForReferral: true } },
      },
      {
        id: 'grade-c',
        name: '其余客户为C类',
        priority: 10,
        conditions: { all: [] },
        event: { type: 'setGrade', params: { grade: 'C', askForReferral: false } },
      },
      {
        id: 'tier-gold-diamond',
        name: '会员累计消费10万元以上且每次保养都来店,升金钻',
        priority: 30,
        conditions: {
          all: [
            { fact: 'member', path: '$.tier', operator: 'in', value: ['member', 'silver', 'goldDiamond'] },
            { fact: 'spend', path: '$.cumulativeFen', operator: 'greaterThanInclusive', value: 10_000_000 },
            { fact: 'maintenanceAttendancePercent', operator: 'greaterThanInclusive', value: 80 },
          ],
        },
        event: { type: 'moveTier', params: { tier: 'goldDiamond' } },
      },
      {
        id: 'tier-silver',
        name: '会员累计消费3万元以上且常来店保养,升银卡',
        priority: 20,
        conditions: {
          all: [
            { fact: 'member', path: '$.tier', operator: 'in', value: ['member', 'silver', 'goldDiamond'] },
            { fact: 'spend', path: '$.cumulativeFen', operator: 'greaterThanInclusive', value: 3_000_000 },
            { fact: 'maintenanceAttendancePercent', operator: 'greaterThanInclusive', value: 50 },
          ],
        },
        event: { type: 'moveTier', params: { tier: 'silver' } },
      },
      {
        id: 'tier-member',
        name: '其余会员为会员卡',
        priority: 10,
        conditions: {
          all: [
            { fact: 'member', path: '$.tier', operator: 'in', value: ['member', 'silver', 'goldDiamond'] },
          ],
        },
        event: { type: 'moveTier', params: { tier: 'member' } },
      },
    ],
  },
});
