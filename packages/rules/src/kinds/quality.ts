import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';

/** What the monthly improvement meeting (改善讨论会) judges: a questionnaire item or a person's line. */
const subjectKind = z.enum(['questionnaireItem', 'salesConsultant', 'serviceAdvisor', 'repairTeam']);

const facts = z.object({
  subject: z.object({
    kind: subjectKind,
    /** Which questionnaire side the figure comes from. */
    callbackType: z.enum(['sales', 'afterSales']),
    /** For a questionnaire item: its id and type (a score averages 0–10, yes/no and three-way 0–1). */
    itemId: z.string().max(40).optional(),
    itemType: z.enum(['score', 'yesNo', 'threeWay']).optional(),
  }),
});

/** The figure a threshold reads: an item's average, or a line's fully-satisfied rate (0–1). */
const measure = z.enum(['average', 'fullySatisfiedRate']);

const events = {
  judge: z
    .object({
      measure,
      /** Weak (弱项) when the month's figure is below this (8 points, or 0.8 for a rate). */
      weakBelow: z.number().min(0).max(10),
      /** An improvement item counts as improved when its figure rose by at least this since the month raised. */
      improvedByAtLeast: z.number().min(0).max(10),
    })
    .strict(),
};

/** The month's last day: the calendar month end, or a day 1–28 the store closes on instead. */
const monthCloseDay = z.union([z.literal('monthEnd'), z.number().int().min(1).max(28)]);

export interface QualityThreshold {
  measure: z.infer<typeof measure>;
  weakBelow: number;
  improvedByAtLeast: number;
  decidedBy: DecidedBy;
}

export interface QualityDecision {
  /** How this subject is judged, or null when no rule judges it. */
  threshold: QualityThreshold | null;
  monthCloseDay: z.infer<typeof monthCloseDay>;
  /** Overdue improvement items text their owner too (besides the in-app reminder). */
  overdueSms: boolean;
}

/** Whether a figure is weak under a threshold; a missing figure (nobody answered) is not. */
export function isWeak(figure: number | null, threshold: Pick<QualityThreshold, 'weakBelow'>): boolean {
  return figure !== null && figure < threshold.weakBelow;
}

/**
 * The effect verdict of an improvement item (整改效果评价): improved when the later figure rose
 * by at least the rule's step over the raised month's; no data when either figure is missing.
 * A small tolerance keeps 8.0 − 7.7 from reading as 0.29999….
 */
export function improvementVerdict(
  raised: number | null,
  later: number | null,
  threshold: Pick<QualityThreshold, 'improvedByAtLeast'>,
): 'improved' | 'notImproved' | 'noData' {
  if (raised === null || later === null) return 'noData';
  return later - raised >= threshold.improvedByAtLeast - 1e-9 ? 'improved' : 'notImproved';
}

/** The improvement meeting's weak-item thresholds, the effect verdict and the store's month-close day. */
export const qualityKind = defineRuleKind({
  name: 'quality',
  title: '改善讨论会',
  description:
    "Weak-item thresholds of the monthly improvement meeting, when an improvement item counts as improved, and the store's month-close day.",
  facts,
  events,
  settings: { monthCloseDay, overdueSms: z.boolean() },
  decide({ firings, ruleSet }): QualityDecision {
    const first = firings[0];
    return {
      threshold: first
        ? {
            measure: first.params.measure,
            weakBelow: first.params.weakBelow,
            improvedByAtLeast: first.params.improvedByAtLeast,
            decidedBy: decidedBy(first),
          }
        : null,
      monthCloseDay: ruleSet.monthCloseDay,
      overdueSms: ruleSet.overdueSms,
    };
  },
  defaults: {
    kind: 'quality',
    monthCloseDay: 'monthEnd',
    overdueSms: false,
    rules: [
      {
        id: 'score-item-below-8',
        name: '评分题月均分低于8分为弱项;累计均分提高0.3分以上为有改善',
        priority: 10,
        conditions: {
          all: [
            { fact: 'subject', path: '$.kind', operator: 'equal', value: 'questionnaireItem' },
            { fact: 'subject', path: '$.itemType', operator: 'equal', value: 'score' },
          ],
        },
        event: { type: 'judge', params: { measure: 'average', weakBelow: 8, improvedByAtLeast: 0.3 } },
      },
      {
        id: 'yes-no-item-below-80',
        name: '是非题、三选题月满意比例低于80%为弱项;累计比例提高5个百分点以上为有改善',
        priority: 10,
        conditions: {
          all: [
            { fact: 'subject', path: '$.kind', operator: 'equal', value: 'questionnaireItem' },
            { fact: 'subject', path: '$.itemType', operator: 'in', value: ['yesNo', 'threeWay'] },
          ],
        },
        event: { type: 'judge', params: { measure: 'average', weakBelow: 0.8, improvedByAtLeast: 0.05 } },
      },
      {
        id: 'person-fully-satisfied-below-80',
        name: '销售顾问、服务顾问、维修班组完全满意率低于80%为弱项;累计满意率提高5个百分点以上为有改善',
        priority: 5,
        conditions: {
          all: [
            {
              fact: 'subject',
              path: '$.kind',
              operator: 'in',
              value: ['salesConsultant', 'serviceAdvisor', 'repairTeam'],
            },
          ],
        },
        event: {
          type: 'judge',
          params: { measure: 'fullySatisfiedRate', weakBelow: 0.8, improvedByAtLeast: 0.05 },
        },
      },
    ],
  },
});
