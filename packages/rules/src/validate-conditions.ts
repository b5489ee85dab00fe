import type { z } from 'zod';
import { isFactReference } from './conditions.ts';
import { fieldNamesAt, firstUnknownSegment } from './fact-fields.ts';
import { parseFactPath } from './fact-path.ts';
import { issue, type JsonPath, type RuleSetIssue } from './issues.ts';
import { ruleSetLimits } from './limits.ts';
import type { OperatorDefinition } from './operators/operator.ts';

export interface ConditionContext {
  facts: z.ZodObject;
  operators: ReadonlyMap<string, OperatorDefinition>;
  issues: RuleSetIssue[];
  /** Condition nodes seen so far across the rule set. */
  conditionCount: number;
  /** Static evaluation cost so far across the rule set. */
  evaluationSteps: number;
}

const booleanKeys = ['all', 'any', 'not'] as const;
const leafKeys = new Set(['fact', 'path', 'operator', 'value', 'name', 'priority']);
const booleanExtraKeys = new Set(['name', 'priority']);

/** Checks a rule's `conditions`: it must start with all, any or not. */
export function validateTopLevelCondition(node: unknown, path: JsonPath, context: ConditionContext): void {
  if (
    isPlainObject(node) &&
    !booleanKeys.some((key) => Object.hasOwn(node, key)) &&
    Object.hasOwn(node, 'fact')
  ) {
    context.issues.push(
      issue(
        'INVALID_CONDITION',
        path,
        'A rule\'s conditions must start with "all", "any" or "not", e.g. { "all": [ … ] }.',
      ),
    );
    return;
  }
  validateCondition(node, path, 0, context);
}

/**
 * Recursive, but only after `checkDocumentShape` has bounded the document's depth, and it
 * stops at `maxConditionDepth` itself.
 */
function validateCondition(node: unknown, path: JsonPath, depth: number, context: ConditionContext): void {
  const { issues } = context;
  if (depth > ruleSetLimits.maxConditionDepth) {
    issues.push(
      issue(
        'TOO_DEEP',
        path,
        `Conditions may be nested at most ${ruleSetLimits.maxConditionDepth} levels deep.`,
      ),
    );
    return;
  }
  context.conditionCount += 1;
  context.evaluationSteps += 1;
  if (context.conditionCount > ruleSetLimits.maxConditions) {
    if (context.conditionCount === ruleSetLimits.maxConditions + 1) {
      issues.push(
        issue('TOO_LARGE', path, `A rule set may hold at most ${ruleSetLimits.maxConditions} conditions.`),
      );
    }
    return;
  }
  if (!isPlainObject(node)) {
    issues.push(issue('INVALID_CONDITION', path, 'A condition must be an object.'));
    return;
  }
  if (Object.hasOwn(node, 'condition')) {
    issues.push(
      issue(
        'INVALID_CONDITION',
        [...path, 'condition'],
        'Shared condition references are not supported; write the condition in the rule.',
      ),
    );
    return;
  }
  checkNameAndPriority(node, path, issues);
  const present = booleanKeys.filter((key) => Object.hasOwn(node, key));
  if (present.length > 1) {
    issues.push(
      issue(
        'INVALID_CONDITION',
        path,
        `Use one of "all", "any" or "not" per condition, not ${present.join(' and ')}.`,
      ),
    );
    return;
  }
  const [booleanKey] = present;
  if (booleanKey !== undefined) {
    for (const key of Object.keys(node)) {
      if (key !== booleanKey && !booleanExtraKeys.has(key)) {
        issues.push(
          issue('INVALID_CONDITION', [...path, key], `"${key}" does not belong beside "${booleanKey}".`),
        );
      }
    }
    const children = node[booleanKey];
    if (booleanKey === 'not') {
      if (Array.isArray(children)) {
        issues.push(issue('INVALID_CONDITION', [...path, 'not'], '"not" takes one condition, not a list.'));
      } else {
        validateCondition(children, [...path, 'not'], depth + 1, context);
      }
      return;
    }
    if (!Array.isArray(children)) {
      issues.push(
        issue('INVALID_CONDITION', [...path, booleanKey], `"${booleanKey}" takes a list of conditions.`),
      );
      return;
    }
    children.forEach((child, index) => {
      validateCondition(child, [...path, booleanKey, index], depth + 1, context);
    });
    return;
  }
  validateLeaf(node, path, context);
}

function validateLeaf(node: Record<string, unknown>, path: JsonPath, context: ConditionContext): void {
  const { issues } = context;
  for (const key of Object.keys(node)) {
    if (!leafKeys.has(key)) {
      const hint = key === 'params' ? ' Fact params are not supported.' : '';
      issues.push(issue('INVALID_CONDITION', [...path, key], `"${key}" is not part of a condition.${hint}`));
    }
  }
  for (const key of ['fact', 'operator', 'value'] as const) {
    if (!Object.hasOwn(node, key))
      issues.push(issue('INVALID_CONDITION', path, `A condition needs "${key}".`));
  }
  const segments = checkFactAndPath(node.fact, node.path, path, context);
  context.evaluationSteps += segments;
  const operatorName = node.operator;
  if (!Object.hasOwn(node, 'operator')) return;
  if (typeof operatorName !== 'string' || !context.operators.has(operatorName)) {
    const known = [...context.operators.keys()].join(', ');
    issues.push(
      issue(
        'UNKNOWN_OPERATOR',
        [...path, 'operator'],
        `Unknown operator ${JSON.stringify(operatorName)}; use one of: ${known}.`,
      ),
    );
    return;
  }
  const operator = context.operators.get(operatorName);
  if (operator === undefined || !Object.hasOwn(node, 'value')) return;
  const value = node.value;
  if (isFactReference(value)) {
    if (operator.source !== 'json-rules-engine' || !operator.acceptsFactReference) {
      issues.push(
        issue(
          'INVALID_VALUE',
          [...path, 'value'],
          `"${operatorName}" compares with a written value, not another fact.`,
        ),
      );
      return;
    }
    for (const key of Object.keys(value)) {
      if (key !== 'fact' && key !== 'path')
        issues.push(
          issue('INVALID_VALUE', [...path, 'value', key], `"${key}" is not part of a fact reference.`),
        );
    }
    context.evaluationSteps += 1 + checkFactAndPath(value.fact, value.path, [...path, 'value'], context);
    return;
  }
  const parsed = operator.valueSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first
      ? [...path, 'value', ...first.path.filter((p) => typeof p !== 'symbol')]
      : [...path, 'value'];
    issues.push(
      issue(
        'INVALID_VALUE',
        where,
        `Not a valid value for "${operatorName}": ${first?.message ?? 'invalid'}.`,
      ),
    );
    return;
  }
  if (Array.isArray(value)) context.evaluationSteps += value.length;
}

/** Checks a fact name and optional path; returns the number of path segments. */
function checkFactAndPath(
  fact: unknown,
  factPath: unknown,
  path: JsonPath,
  context: ConditionContext,
): number {
  const { issues, facts } = context;
  if (fact === undefined) return 0;
  const known = Object.keys(facts.shape);
  if (typeof fact !== 'string' || !Object.hasOwn(facts.shape, fact)) {
    issues.push(
      issue(
        'UNKNOWN_FACT',
        [...path, 'fact'],
        `Unknown fact ${JSON.stringify(fact)}; this kind reads: ${known.join(', ')}.`,
      ),
    );
    return 0;
  }
  if (factPath === undefined) return 0;
  if (typeof factPath !== 'string') {
    issues.push(issue('INVALID_PATH', [...path, 'path'], 'A path is text such as "$.vehicle.mileageKm".'));
    return 0;
  }
  const parsed = parseFactPath(factPath, ruleSetLimits.maxPathSegments);
  if (!parsed.ok) {
    const message = {
      syntax: 'A path looks like "$.field.subField" or "$.list[0]".',
      forbidden: 'A path may not use __proto__, constructor or prototype.',
      tooLong: `A path may have at most ${ruleSetLimits.maxPathSegments} steps.`,
    }[parsed.problem];
    issues.push(issue('INVALID_PATH', [...path, 'path'], message));
    return 0;
  }
  const factSchema: z.ZodType | undefined = facts.shape[fact];
  if (factSchema !== undefined) {
    const unknownAt = firstUnknownSegment(factSchema, parsed.segments);
    if (unknownAt >= 0) {
      const fields = fieldNamesAt(factSchema, parsed.segments.slice(0, unknownAt));
      const suggestion = fields.length > 0 ? `; it has: ${fields.join(', ')}` : '';
      issues.push(
        issue(
          'UNKNOWN_FACT',
          [...path, 'path'],
          `The fact "${fact}" has no field "${parsed.segments[unknownAt]}"${suggestion}.`,
        ),
      );
    }
  }
  return parsed.segments.length;
}

function checkNameAndPriority(node: Record<string, unknown>, path: JsonPath, issues: RuleSetIssue[]): void {
  const { name, priority } = node;
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) {
    issues.push(
      issue('INVALID_CONDITION', [...path, 'name'], 'A condition name is text of at most 200 characters.'),
    );
  }
  if (
    priority !== undefined &&
    !(typeof priority === 'number' && Number.isInteger(priority) && priority >= 1)
  ) {
    issues.push(
      issue(
        'INVALID_CONDITION',
        [...path, 'priority'],
        'A condition priority is a whole number of at least 1.',
      ),
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
