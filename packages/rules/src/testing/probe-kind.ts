import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import type { RuleFiring } from '../firing.ts';
import { anniversaryWithinDays } from '../operators/day-operators.ts';

/**
 * A kind for property tests only: open facts of every shape, one event type, and a
 * decision that is just the firings, so tests compare the engines on conditions alone.
 */
export const probeKind = defineRuleKind({
  name: 'probe',
  title: '测试',
  description: 'Open facts for differential tests.',
  facts: z.object({
    n: z.unknown(),
    s: z.unknown(),
    flag: z.unknown(),
    d: z.unknown(),
    list: z.unknown(),
    obj: z.object({ a: z.unknown(), b: z.object({ c: z.unknown() }).optional() }).optional(),
  }),
  events: { hit: z.object({ n: z.number().int() }).strict() },
  operators: [anniversaryWithinDays],
  settings: {},
  decide: ({ firings }): readonly RuleFiring[] => firings,
  defaults: { kind: 'probe', rules: [] },
});
