import { z } from 'zod';
import type { AnyRuleKind } from './define-kind.ts';
import { callbackWindowKind } from './kinds/callback-window.ts';
import { classificationKind } from './kinds/classification.ts';
import { complaintSlaKind } from './kinds/complaint-sla.ts';
import { discountTierKind } from './kinds/discount-tier.ts';
import { pointsKind } from './kinds/points.ts';
import { qualityKind } from './kinds/quality.ts';
import { questionnaireKind } from './kinds/questionnaire.ts';
import { smsReminderKind } from './kinds/sms-reminder.ts';

/** Every rule kind, by name. A new kind is one file in `kinds/` and one line here. */
export const ruleKinds = {
  callbackWindow: callbackWindowKind,
  complaintSla: complaintSlaKind,
  discountTier: discountTierKind,
  points: pointsKind,
  smsReminder: smsReminderKind,
  questionnaire: questionnaireKind,
  classification: classificationKind,
  quality: qualityKind,
} as const;

export type RuleKindName = keyof typeof ruleKinds;
type KindOf<Name extends RuleKindName> = (typeof ruleKinds)[Name];
/** The facts a kind reads, as the caller passes them. */
export type FactsOf<Name extends RuleKindName> = z.output<KindOf<Name>['factsSchema']>;
/** The typed decision a kind returns. */
export type DecisionOf<Name extends RuleKindName> = ReturnType<KindOf<Name>['decide']>;
/** A valid rule-set body of a kind. */
export type RuleSetOf<Name extends RuleKindName> = KindOf<Name>['defaults'];

export function isRuleKindName(name: unknown): name is RuleKindName {
  return typeof name === 'string' && Object.hasOwn(ruleKinds, name);
}

/** The plugin for a kind, erased to the common contract. */
export function ruleKind(name: RuleKindName): AnyRuleKind {
  return ruleKinds[name];
}

export interface RuleKindSummary {
  name: RuleKindName;
  title: string;
  description: string;
  /** JSON Schema of a rule-set body, for the editor. */
  ruleSetJsonSchema: unknown;
  /** JSON Schema of the facts, for the simulation panel. */
  factsJsonSchema: unknown;
}

const summaries = new Map<RuleKindName, RuleKindSummary>();

/** Every kind with its JSON Schemas (built once). */
export function listRuleKinds(): RuleKindSummary[] {
  return (Object.keys(ruleKinds) as RuleKindName[]).map((name) => {
    const cached = summaries.get(name);
    if (cached) return cached;
    const kind = ruleKind(name);
    const summary: RuleKindSummary = {
      name,
      title: kind.title,
      description: kind.description,
      ruleSetJsonSchema: z.toJSONSchema(kind.ruleSetSchema, { io: 'input', unrepresentable: 'any' }),
      factsJsonSchema: z.toJSONSchema(kind.factsSchema, { io: 'input', unrepresentable: 'any' }),
    };
    summaries.set(name, summary);
    return summary;
  });
}
