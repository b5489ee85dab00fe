import { z } from 'zod';

/**
 * The condition tree of a rule, exactly json-rules-engine's JSON format restricted to what
 * we can check and compile: boolean nodes all/any/not and leaf conditions
 * `{ fact, path?, operator, value }`. Shared condition references (`{ condition }`) and
 * fact `params` are not part of our format (we have no dynamic facts).
 */
export interface FactReference {
  fact: string;
  path?: string | undefined;
}

export interface LeafCondition {
  fact: string;
  path?: string | undefined;
  operator: string;
  value: unknown;
  name?: string | undefined;
  priority?: number | undefined;
}

export interface AllCondition {
  all: Condition[];
  name?: string | undefined;
  priority?: number | undefined;
}

export interface AnyCondition {
  any: Condition[];
  name?: string | undefined;
  priority?: number | undefined;
}

export interface NotCondition {
  not: Condition;
  name?: string | undefined;
  priority?: number | undefined;
}

export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;
export type Condition = LeafCondition | TopLevelCondition;

export function isAll(condition: Condition): condition is AllCondition {
  return Object.hasOwn(condition, 'all');
}

export function isAny(condition: Condition): condition is AnyCondition {
  return Object.hasOwn(condition, 'any');
}

export function isNot(condition: Condition): condition is NotCondition {
  return Object.hasOwn(condition, 'not');
}

/** A condition value `{ "fact": "…", "path": "…" }`, which json-rules-engine reads as another fact. */
export function isFactReference(value: unknown): value is FactReference {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'fact');
}

/**
 * The zod schema of a condition tree for one kind, for editors (JSON Schema) and types.
 * Validation proper happens in `validate-conditions.ts`, which gives precise messages.
 */
export function conditionSchemas(
  factNames: readonly [string, ...string[]],
  operatorNames: readonly [string, ...string[]],
) {
  const name = z.string().max(200).optional();
  const priority = z.number().int().min(1).optional();
  const fact = z.enum(factNames);
  const path = z
    .string()
    .max(200)
    .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+$/)
    .optional();
  const leaf = z
    .object({ fact, path, operator: z.enum(operatorNames), value: z.unknown(), name, priority })
    .strict()
    .meta({ description: 'Compare a fact (optionally a field of it, by path) with a value.' });
  const condition: z.ZodType<Condition> = z.lazy(() => z.union([leaf, all, any, not]));
  const all = z.object({ all: z.array(condition), name, priority }).strict();
  const any = z.object({ any: z.array(condition), name, priority }).strict();
  const not = z.object({ not: condition, name, priority }).strict();
  const topLevel: z.ZodType<TopLevelCondition> = z.union([all, any, not]);
  return { condition, topLevel };
}
