/**
 * One rule that fired for one set of facts: the event it names, and where it came from.
 * Both the compiled path and the reference engine produce firings in the same order:
 * priority high to low, then the order the rules are written in.
 */
export interface RuleFiring<Type extends string = string, Params = unknown> {
  ruleId: string;
  ruleName: string;
  ruleSetVersion: number;
  priority: number;
  type: Type;
  params: Params;
}

/** Provenance every decision carries, so the UI can say why a callback opened on day 7. */
export interface DecidedBy {
  ruleId: string;
  ruleName: string;
  ruleSetVersion: number;
}

export function decidedBy(firing: RuleFiring): DecidedBy {
  return { ruleId: firing.ruleId, ruleName: firing.ruleName, ruleSetVersion: firing.ruleSetVersion };
}
