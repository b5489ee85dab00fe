import fc from 'fast-check';

/** Operators by the shape of value they take, for generating valid conditions. */
export const operatorNames = {
  scalarOrReference: ['equal', 'notEqual', 'contains', 'doesNotContain'],
  list: ['in', 'notIn'],
  numberOrReference: ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'],
  days: ['daysSinceAtLeast', 'daysSinceAtMost'],
  dayRange: ['daysSinceBetween', 'daysUntilBetween'],
  kilometres: ['mileageAtLeast', 'mileageBelow'],
  single: ['mileageBetween', 'inSet', 'startsWith', 'anniversaryWithinDays'],
} as const;

/** Every operator the generator writes conditions with. */
export const generatedOperators: readonly string[] = Object.values(operatorNames).flat();

const factNames = ['n', 's', 'flag', 'd', 'list', 'obj'] as const;

const scalar = fc.oneof(
  fc.constantFrom('a', 'b', '', '5', '12abc', 'silver', 'sil', '2024-01-01'),
  fc.constantFrom(-1, 0, 1, 5, 7.5, 100, 60_000),
  fc.boolean(),
  fc.constant(null),
);
const date = fc.constantFrom(
  '2024-01-01',
  '2023-03-01',
  '2024-02-29',
  '1988-02-29',
  '2024-02-28',
  '2023-12-31',
  '2024-03-01T10:00:00+08:00',
  '2024-02-29T23:59:59Z',
  'not a date',
  '2024-03-01T10:00:00',
);
const leafValue = fc.oneof(scalar, date);
const listValue = fc.array(fc.oneof(leafValue, fc.constant(['a', 5])), { maxLength: 4 });

/** Any value a caller might pass as a fact, including the wrong types. */
export const factValue = fc.oneof(
  { arbitrary: leafValue, weight: 3 },
  listValue,
  fc.record(
    {
      a: fc.oneof(leafValue, listValue),
      b: fc.oneof(fc.record({ c: leafValue }, { requiredKeys: [], noNullPrototype: true }), scalar),
    },
    { requiredKeys: [], noNullPrototype: true },
  ),
);

/** Facts with any of the probe kind's facts missing. */
export const probeFacts = fc.record(
  { n: factValue, s: factValue, flag: factValue, d: factValue, list: factValue, obj: factValue },
  { requiredKeys: [], noNullPrototype: true },
);

export const now = fc.constantFrom(
  '2024-03-01',
  '2024-02-29',
  '2023-12-31T23:30:00+08:00',
  '2024-05-01T00:00:00Z',
  '2025-02-28',
);

const pathFor: Record<(typeof factNames)[number], readonly string[]> = {
  n: ['$.a'],
  s: ['$.a'],
  flag: ['$.a'],
  d: ['$.a'],
  list: ['$[0]', '$[1]'],
  obj: ['$.a', '$.b', '$.b.c', '$.a[0]'],
};

const factAndPath = fc
  .constantFrom(...factNames)
  .chain((fact) =>
    fc
      .option(fc.constantFrom(...pathFor[fact]), { nil: undefined })
      .map((path) => (path === undefined ? { fact } : { fact, path })),
  );

const sortedPair = (arbitrary: fc.Arbitrary<number>) =>
  fc.tuple(arbitrary, arbitrary).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

const operatorAndValue: fc.Arbitrary<{ operator: string; value: unknown }> = fc.oneof(
  fc.record({
    operator: fc.constantFrom(...operatorNames.scalarOrReference),
    value: fc.oneof(leafValue, factAndPath),
  }),
  fc.record({
    operator: fc.constantFrom(...operatorNames.list),
    value: fc.array(leafValue, { maxLength: 4 }),
  }),
  fc.record({
    operator: fc.constantFrom(...operatorNames.numberOrReference),
    value: fc.oneof(fc.constantFrom(-1, 0, 1, 5, 7.5, 100), factAndPath),
  }),
  fc.record({ operator: fc.constantFrom(...operatorNames.days), value: fc.integer({ min: -400, max: 400 }) }),
  fc.record({
    operator: fc.constantFrom(...operatorNames.dayRange),
    value: sortedPair(fc.integer({ min: -400, max: 400 })),
  }),
  fc.record({
    operator: fc.constantFrom(...operatorNames.kilometres),
    value: fc.constantFrom(0, 1, 5, 100, 60_000),
  }),
  fc.record({
    operator: fc.constant('mileageBetween'),
    value: sortedPair(fc.constantFrom(0, 1, 5, 7.5, 100, 60_000)),
  }),
  fc.record({
    operator: fc.constant('inSet'),
    value: fc.array(fc.constantFrom('a', 'silver', '5', 5, 0, 100), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    operator: fc.constant('startsWith'),
    value: fc.oneof(
      fc.constantFrom('a', '1', '20', 'sil'),
      fc.array(fc.constantFrom('a', '1', '20', 'sil', 'b'), { minLength: 1, maxLength: 3 }),
    ),
  }),
  fc.record({ operator: fc.constant('anniversaryWithinDays'), value: fc.integer({ min: 0, max: 366 }) }),
);

const conditionPriority = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });
const withPriority = <T extends object>(node: T, priority: number | undefined) =>
  priority === undefined ? node : { ...node, priority };

const leaf = fc
  .tuple(factAndPath, operatorAndValue, conditionPriority)
  .map(([fact, { operator, value }, priority]) => withPriority({ ...fact, operator, value }, priority));

/** Condition trees with every operator, nested all/any/not, empty lists and condition priorities. */
export const { condition, topLevel } = fc.letrec<{
  condition: unknown;
  topLevel: unknown;
  all: unknown;
  any: unknown;
  not: unknown;
}>((tie) => ({
  condition: fc.oneof({ maxDepth: 4, depthSize: 'small' }, leaf, tie('all'), tie('any'), tie('not')),
  topLevel: fc.oneof(tie('all'), tie('any'), tie('not')),
  all: fc
    .tuple(fc.array(tie('condition'), { maxLength: 4 }), conditionPriority)
    .map(([all, priority]) => withPriority({ all }, priority)),
  any: fc
    .tuple(fc.array(tie('condition'), { maxLength: 4 }), conditionPriority)
    .map(([any, priority]) => withPriority({ any }, priority)),
  not: fc
    .tuple(tie('condition'), conditionPriority)
    .map(([not, priority]) => withPriority({ not }, priority)),
}));

/** Valid probe rule sets: up to 6 rules with tied and missing priorities. */
export const probeRuleSet = fc
  .array(fc.tuple(topLevel, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((rules) => ({
    kind: 'probe',
    rules: rules.map(([conditions, priority], index) => {
      const rule = {
        id: `rule-${index}`,
        name: `规则 ${index}`,
        conditions,
        event: { type: 'hit', params: { n: index } },
      };
      return priority === undefined ? rule : { ...rule, priority };
    }),
  }));
