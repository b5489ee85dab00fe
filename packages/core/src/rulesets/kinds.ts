import { listRuleKinds, ruleKinds } from '@crm/rules';
import { sampleFacts } from './sample-facts.ts';
import type { RuleKindInfo } from './schema.ts';

/** Every rule kind with its JSON Schemas, its built-in default and worked examples, for the editor. */
export function listRuleKindInfo(): RuleKindInfo[] {
  return listRuleKinds().map((summary) => ({
    ...summary,
    defaults: ruleKinds[summary.name].defaults as unknown as RuleKindInfo['defaults'],
    sampleFacts: sampleFacts[summary.name],
  }));
}
