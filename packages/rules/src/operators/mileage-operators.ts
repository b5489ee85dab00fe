import { z } from 'zod';
import { defineDomainOperator } from './operator.ts';

const kilometres = z.number().min(0).max(10_000_000);
const kilometreRange = z
  .tuple([kilometres, kilometres])
  .refine(([from, to]) => from <= to, { message: 'The first mileage must not be above the second.' });

// Unlike the engine's numeric operators these never coerce text: a mileage is a number.
function isMileage(fact: unknown): fact is number {
  return typeof fact === 'number' && Number.isFinite(fact);
}

export const mileageAtLeast = defineDomainOperator({
  name: 'mileageAtLeast',
  description: 'The mileage in km is at least this (e.g. 60000 for the end of warranty).',
  valueSchema: kilometres,
  prepare: (km) => (fact) => isMileage(fact) && fact >= km,
});

export const mileageBelow = defineDomainOperator({
  name: 'mileageBelow',
  description: 'The mileage in km is below this.',
  valueSchema: kilometres,
  prepare: (km) => (fact) => isMileage(fact) && fact < km,
});

export const mileageBetween = defineDomainOperator({
  name: 'mileageBetween',
  description: 'The mileage in km lies within [from, to], both included.',
  valueSchema: kilometreRange,
  prepare:
    ([from, to]) =>
    (fact) =>
      isMileage(fact) && fact >= from && fact <= to,
});
