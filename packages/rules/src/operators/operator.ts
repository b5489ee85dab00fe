import type { z } from 'zod';
import type { EvaluationClock } from '../calendar.ts';

/** A test prepared from one condition's value: fact value in, pass or fail out. */
export type PreparedTest = (factValue: unknown, clock: EvaluationClock) => boolean;

/**
 * An operator we add to json-rules-engine. The same `prepare` serves both the reference
 * engine and the compiled path, so a domain operator cannot mean two things.
 */
export interface DomainOperator {
  readonly source: 'domain';
  readonly name: string;
  readonly description: string;
  /** What an admin may write as the condition's `value`. */
  readonly valueSchema: z.ZodType;
  /** Builds the test once per condition (the value is already valid against `valueSchema`). */
  prepare(value: unknown): PreparedTest;
}

/**
 * One of json-rules-engine's own operators. The engine keeps its implementation (it is
 * the oracle); `test` is our restatement for the compiled path, checked against the
 * engine by the differential property test.
 */
export interface EngineOperator {
  readonly source: 'json-rules-engine';
  readonly name: string;
  readonly description: string;
  readonly valueSchema: z.ZodType;
  /** Whether the value may be `{ "fact": …, "path": … }`, read at evaluation time. */
  readonly acceptsFactReference: boolean;
  test(factValue: unknown, jsonValue: unknown): boolean;
}

export type OperatorDefinition = DomainOperator | EngineOperator;

/** Declares a domain operator with a typed value; the erased form parses the value once. */
export function defineDomainOperator<Value>(definition: {
  name: string;
  description: string;
  valueSchema: z.ZodType<Value>;
  prepare(value: Value): PreparedTest;
}): DomainOperator {
  return {
    source: 'domain',
    name: definition.name,
    description: definition.description,
    valueSchema: definition.valueSchema,
    prepare: (value) => definition.prepare(definition.valueSchema.parse(value)),
  };
}
