// The public surface of @crm/rules: pure decisions from facts, no I/O, no clock reads.

export { addDaysToDate, addMinutesToInstant, type EvaluationClock, parseInstant } from './calendar.ts';
export { type CompiledRuleSet, type CompileRuleSetOptions, compileRuleSet } from './compile.ts';
export {
  type CompiledRuleSetCache,
  type CompiledRuleSetKey,
  createCompiledRuleSetCache,
} from './compiled-cache.ts';
export type {
  AllCondition,
  AnyCondition,
  Condition,
  FactReference,
  LeafCondition,
  NotCondition,
  TopLevelCondition,
} from './conditions.ts';
export {
  type AnyRuleKind,
  type DecideInput,
  defineRuleKind,
  type EventSchemas,
  type Rule,
  type RuleEvent,
  type RuleKind,
  type RuleKindDefinition,
  type RuleSetBody,
} from './define-kind.ts';
export {
  type ConditionTrace,
  type ExplainOptions,
  type Explanation,
  explainRuleSet,
  type RuleExplanation,
} from './explain.ts';
export type { DecidedBy, RuleFiring } from './firing.ts';
export { InvalidRuleSetError, type RuleSetIssue, type RuleSetIssueCode } from './issues.ts';
export {
  type CallbackWindowDecision,
  callbackWindowKind,
  type ScheduledCallback,
} from './kinds/callback-window.ts';
export {
  type ClassificationDecision,
  classificationKind,
  expectedMaintenanceIntervalDays,
  type MaintenanceIntervals,
  maintenanceIntervalsOf,
  maintenanceIntervalsSchema,
} from './kinds/classification.ts';
export {
  type ComplaintClocks,
  type ComplaintSlaDecision,
  complaintCategorySchema,
  complaintSlaKind,
} from './kinds/complaint-sla.ts';
export {
  type DiscountTierDecision,
  discountTierKind,
  type GrantedDiscount,
  percentOfFen,
} from './kinds/discount-tier.ts';
export {
  type AwardCap,
  awardPeriodStart,
  type PointsDecision,
  type PointsEntry,
  pointsForSpend,
  pointsKind,
} from './kinds/points.ts';
export {
  improvementVerdict,
  isWeak,
  type QualityDecision,
  type QualityThreshold,
  qualityKind,
} from './kinds/quality.ts';
export { type QuestionnaireDecision, questionnaireKind } from './kinds/questionnaire.ts';
export {
  type Reminder,
  type ReminderToSend,
  reminderSchema,
  type SmsReminderDecision,
  smsReminderKind,
} from './kinds/sms-reminder.ts';
export { ruleSetLimits } from './limits.ts';
export { type DomainOperator, defineDomainOperator, type PreparedTest } from './operators/operator.ts';
export { referenceEngineOptions } from './reference-engine.ts';
export {
  type DecisionOf,
  type FactsOf,
  isRuleKindName,
  listRuleKinds,
  type RuleKindName,
  type RuleKindSummary,
  type RuleSetOf,
  ruleKinds,
} from './registry.ts';
export { type ReminderDueOptions, reminderBoundaryDays, reminderDueOn } from './reminder-dates.ts';
export {
  type Answer,
  overallScore,
  type Questionnaire,
  type QuestionnaireItem,
  type SatisfactionBand,
  type SatisfactionBands,
  satisfactionBand,
} from './satisfaction.ts';
export {
  type SimulatedSample,
  type SimulateOptions,
  type SimulationSample,
  simulateRuleSet,
} from './simulate.ts';
export {
  isQuietTime,
  type QuietHours,
  renderSmsTemplate,
  type SmsTemplateVariable,
  smsTemplateVariables,
  unknownVariables,
} from './sms-template.ts';
export { type RuleSetValidation, validateRuleSet } from './validate-rule-set.ts';
export {
  fenSchema,
  isoDateOrInstantSchema,
  isoDateSchema,
  isoInstantSchema,
  type Payer,
  payerSchema,
  type ServiceType,
  serviceTypeSchema,
} from './vocabulary.ts';
