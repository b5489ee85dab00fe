import { z } from 'zod';

/** Band edges on the overall score (domain: fully ≥ 8, basically ≥ 6 and < 8, dissatisfied < 6). */
export const satisfactionBandsSchema = z
  .object({
    fullySatisfiedFrom: z.number().min(0).max(10),
    basicallySatisfiedFrom: z.number().min(0).max(10),
  })
  .strict()
  .refine((bands) => bands.basicallySatisfiedFrom <= bands.fullySatisfiedFrom, {
    message: 'basicallySatisfiedFrom must not be above fullySatisfiedFrom.',
    path: ['basicallySatisfiedFrom'],
  });
export type SatisfactionBands = z.infer<typeof satisfactionBandsSchema>;

export type SatisfactionBand = 'fullySatisfied' | 'basicallySatisfied' | 'dissatisfied';

/** The band of an overall score: 完全满意 / 基本满意 / 不满意. Each edge belongs to the higher band. */
export function satisfactionBand(score: number, bands: SatisfactionBands): SatisfactionBand {
  if (score >= bands.fullySatisfiedFrom) return 'fullySatisfied';
  if (score >= bands.basicallySatisfiedFrom) return 'basicallySatisfied';
  return 'dissatisfied';
}

export const questionnaireItemSchema = z
  .object({
    id: z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'An item id is a short camelCase word.'),
    /** score 1–10; yes/no; three-way: explained fully / partly / not; free text. */
    type: z.enum(['score', 'yesNo', 'threeWay', 'text']),
    /** The question as the specialist reads it (zh-CN). */
    label: z.string().min(1).max(300),
  })
  .strict();
export type QuestionnaireItem = z.infer<typeof questionnaireItemSchema>;

export const questionnaireSchema = z
  .object({
    title: z.string().min(1).max(100),
    items: z.array(questionnaireItemSchema).min(1).max(50),
    /** How a reached task's overall score is read: one score item, or the mean of all score items. */
    overall: z.union([
      z.object({ method: z.literal('item'), itemId: z.string() }).strict(),
      z.object({ method: z.literal('meanOfScoredItems') }).strict(),
    ]),
  })
  .strict();
export type Questionnaire = z.infer<typeof questionnaireSchema>;

export type Answer = number | boolean | 'fully' | 'partly' | 'not' | string;

/**
 * The overall score of a filled questionnaire, or null when the items it needs are
 * unanswered. An SMS survey reply is already a score and does not come through here.
 */
export function overallScore(
  questionnaire: Questionnaire,
  answers: Readonly<Record<string, Answer>>,
): number | null {
  const scoreOf = (item: QuestionnaireItem): number | null => {
    const answer = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    return item.type === 'score' && typeof answer === 'number' && Number.isFinite(answer) ? answer : null;
  };
  const overall = questionnaire.overall;
  if (overall.method === 'item') {
    const item = questionnaire.items.find((candidate) => candidate.id === overall.itemId);
    return item ? scoreOf(item) : null;
  }
  const scores = questionnaire.items.map(scoreOf).filter((score): score is number => score !== null);
  return scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
}
