/**
 * The bounds every rule set must respect. They make validation and evaluation of one
 * event finite and small: with these numbers a rule set can never cost more than
 * `maxEvaluationSteps` operator steps per event, whatever an admin writes.
 */
export const ruleSetLimits = {
  /** Rules in one rule set. */
  maxRules: 100,
  /** all/any/not nodes and leaf conditions across the whole rule set. */
  maxConditions: 2_000,
  /** Nesting of all/any/not below a rule's top-level condition. */
  maxConditionDepth: 8,
  /** Nesting of the JSON document itself (objects and arrays). */
  maxJsonDepth: 32,
  /** Items in any one array of the document. */
  maxArrayLength: 200,
  /** Objects, arrays and scalars in the document. */
  maxNodes: 50_000,
  /** Characters in any one string (a template, a label). */
  maxStringLength: 2_000,
  /** Approximate serialised size of the document, in characters. */
  maxTotalSize: 256 * 1024,
  /** Segments of a fact path such as `$.vehicle.mileageKm`. */
  maxPathSegments: 8,
  /** Static cost bound of one evaluation: leaf conditions weighted by their value size. */
  maxEvaluationSteps: 20_000,
} as const;

export type RuleSetLimits = typeof ruleSetLimits;
