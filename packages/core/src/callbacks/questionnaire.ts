import type { QuestionnaireDecision } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';

export interface TaskQuestionnaire {
  decision: QuestionnaireDecision;
  questionnaire: NonNullable<QuestionnaireDecision['questionnaire']>;
  ruleSetId: string | null;
  version: number;
}

/** The store's published questionnaire for this callback (the questionnaire rule kind decides which, and the bands). */
export async function questionnaireForTask(
  tx: Tx,
  tenantId: string,
  storeId: string,
  facts: {
    callbackType: 'sales' | 'afterSales';
    orderTypes: string[];
    series: string | null;
    model: string | null;
  },
  now: Date,
): Promise<TaskQuestionnaire> {
  const set = await effectiveRuleSetOf(tx, tenantId, storeId, 'questionnaire');
  const decision = set.compiled.decide(
    {
      callbackType: facts.callbackType,
      ...(facts.orderTypes.length > 0 ? { orderTypes: facts.orderTypes as never } : {}),
      vehicle: {
        ...(facts.series ? { series: facts.series } : {}),
        ...(facts.model ? { model: facts.model } : {}),
      },
    },
    now.toISOString(),
  );
  if (!decision.questionnaire)
    throw new AppError(
      'CONFLICT',
      "The store's questionnaire rules name no questionnaire for this callback",
      [{ path: 'questionnaire', message: 'no rule fired' }],
    );
  return { decision, questionnaire: decision.questionnaire, ruleSetId: set.ruleSetId, version: set.version };
}
