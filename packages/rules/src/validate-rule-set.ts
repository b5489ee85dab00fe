import type { AnyRuleKind } from './define-kind.ts';
import { formatJsonPath, issue, type JsonPath, type RuleSetIssue } from './issues.ts';
import { ruleSetLimits } from './limits.ts';
import { operatorsFor } from './operators/catalogue.ts';
import { type RuleKindName, type RuleSetOf, ruleKind } from './registry.ts';
import { checkDocumentShape } from './shape-guard.ts';
import { type ConditionContext, validateTopLevelCondition } from './validate-conditions.ts';

export type RuleSetValidation<Body> = { ok: true; ruleSet: Body } | { ok: false; issues: RuleSetIssue[] };

/** At most this many issues are reported; the first ones are what the admin fixes first. */
const maxIssues = 50;

/**
 * Validates a rule-set body of one kind. Order matters for safety: first the document's
 * size and depth (iteratively, so adversarial input is refused fast), then the condition
 * trees (precise messages with JSON paths), then the kind's zod schema (settings, event
 * params, refinements), then cross-rule checks (unique ids, evaluation cost).
 */
export function validateRuleSetOfKind<Body>(kind: AnyRuleKind, input: unknown): RuleSetValidation<Body> {
  const shapeIssue = checkDocumentShape(input);
  if (shapeIssue) return { ok: false, issues: [shapeIssue] };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issues: [issue('INVALID_RULE_SET', [], 'A rule set is an object: { "kind": …, "rules": [ … ] }.')],
    };
  }
  const record = input as Record<string, unknown>;
  if (record.kind !== kind.name) {
    return {
      ok: false,
      issues: [
        issue('UNKNOWN_KIND', ['kind'], `Expected kind "${kind.name}", got ${JSON.stringify(record.kind)}.`),
      ],
    };
  }

  const context: ConditionContext = {
    facts: kind.factsSchema,
    operators: operatorsFor(kind.operators),
    issues: [],
    conditionCount: 0,
    evaluationSteps: 0,
  };
  const rulesWithConditionIssues = new Set<number>();
  const rules = Array.isArray(record.rules) ? record.rules : [];
  const seenIds = new Map<string, number>();
  rules.forEach((rule: unknown, index) => {
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return;
    const before = context.issues.length;
    const { conditions, id } = rule as Record<string, unknown>;
    if (conditions !== undefined)
      validateTopLevelCondition(conditions, ['rules', index, 'conditions'], context);
    if (context.issues.length > before) rulesWithConditionIssues.add(index);
    if (typeof id === 'string') {
      const first = seenIds.get(id);
      if (first !== undefined) {
        context.issues.push(
          issue(
            'DUPLICATE_RULE_ID',
            ['rules', index, 'id'],
            `The id "${id}" is already used by rules[${first}].`,
          ),
        );
      } else {
        seenIds.set(id, index);
      }
    }
  });
  if (context.evaluationSteps > ruleSetLimits.maxEvaluationSteps) {
    context.issues.push(
      issue(
        'TOO_LARGE',
        ['rules'],
        `The rules would cost ${context.evaluationSteps} steps per event; the limit is ${ruleSetLimits.maxEvaluationSteps}.`,
      ),
    );
  }

  const parsed = kind.ruleSetSchema.safeParse(input);
  const issues = context.issues;
  if (!parsed.success) {
    for (const zodIssue of parsed.error.issues) {
      const path: JsonPath = zodIssue.path.filter((p): p is string | number => typeof p !== 'symbol');
      // A condition tree with its own precise issues would only add zod's union noise.
      if (
        path[0] === 'rules' &&
        typeof path[1] === 'number' &&
        path[2] === 'conditions' &&
        rulesWithConditionIssues.has(path[1])
      ) {
        continue;
      }
      issues.push({
        code: zodIssue.code === 'unrecognized_keys' ? 'INVALID_RULE_SET' : 'INVALID_VALUE',
        path: formatJsonPath(path),
        message: zodIssue.message,
      });
    }
  }
  if (issues.length > 0 || !parsed.success) {
    return {
      ok: false,
      issues:
        issues.length > 0 ? issues.slice(0, maxIssues) : [issue('INVALID_RULE_SET', [], 'Invalid rule set.')],
    };
  }
  return { ok: true, ruleSet: parsed.data as Body };
}

/**
 * Validates a rule-set body of the named kind; what core calls on save and on publish.
 * A valid body comes back unchanged (nothing is defaulted), so it round-trips.
 */
export function validateRuleSet<Name extends RuleKindName>(
  kind: Name,
  input: unknown,
): RuleSetValidation<RuleSetOf<Name>> {
  return validateRuleSetOfKind<RuleSetOf<Name>>(ruleKind(kind), input);
}
