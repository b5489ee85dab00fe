import { z } from 'zod';
import type { EngineOperator } from './operator.ts';

/** A literal an admin may compare a fact with. */
export const scalarValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
const scalarList = z.array(scalarValue).max(200);

// json-rules-engine's numeric operators accept any fact that parseFloat can read.
function numberValidator(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

function indexOf(list: unknown, item: unknown): number {
  return (list as unknown[]).indexOf(item);
}

/** json-rules-engine 7.3's ten operators, restated (see engine-default-operators.js). */
export const engineOperators: readonly EngineOperator[] = [
  {
    source: 'json-rules-engine',
    name: 'equal',
    description: 'The fact is strictly equal to the value.',
    valueSchema: scalarValue,
    acceptsFactReference: true,
    test: (a, b) => a === b,
  },
  {
    source: 'json-rules-engine',
    name: 'notEqual',
    description: 'The fact is not strictly equal to the value (a missing fact is not equal).',
    valueSchema: scalarValue,
    acceptsFactReference: true,
    test: (a, b) => a !== b,
  },
  {
    source: 'json-rules-engine',
    name: 'in',
    description: 'The fact is one of the listed values.',
    valueSchema: scalarList,
    acceptsFactReference: false,
    test: (a, b) => indexOf(b, a) > -1,
  },
  {
    source: 'json-rules-engine',
    name: 'notIn',
    description: 'The fact is none of the listed values (a missing fact is none of them).',
    valueSchema: scalarList,
    acceptsFactReference: false,
    test: (a, b) => indexOf(b, a) === -1,
  },
  {
    source: 'json-rules-engine',
    name: 'contains',
    description: 'The fact is a list containing the value.',
    valueSchema: scalarValue,
    acceptsFactReference: true,
    test: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  },
  {
    source: 'json-rules-engine',
    name: 'doesNotContain',
    description: 'The fact is a list not containing the value.',
    valueSchema: scalarValue,
    acceptsFactReference: true,
    test: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  },
  {
    source: 'json-rules-engine',
    name: 'lessThan',
    description: 'The fact is a number below the value.',
    valueSchema: z.number(),
    acceptsFactReference: true,
    test: (a, b) => numberValidator(a) && (a as number) < (b as number),
  },
  {
    source: 'json-rules-engine',
    name: 'lessThanInclusive',
    description: 'The fact is a number at most the value.',
    valueSchema: z.number(),
    acceptsFactReference: true,
    test: (a, b) => numberValidator(a) && (a as number) <= (b as number),
  },
  {
    source: 'json-rules-engine',
    name: 'greaterThan',
    description: 'The fact is a number above the value.',
    valueSchema: z.number(),
    acceptsFactReference: true,
    test: (a, b) => numberValidator(a) && (a as number) > (b as number),
  },
  {
    source: 'json-rules-engine',
    name: 'greaterThanInclusive',
    description: 'The fact is a number at least the value.',
    valueSchema: z.number(),
    acceptsFactReference: true,
    test: (a, b) => numberValidator(a) && (a as number) >= (b as number),
  },
];
