import { z } from 'zod';
import { defineDomainOperator } from './operator.ts';

const setMember = z.union([z.string().max(200), z.number()]);

export const inSet = defineDomainOperator({
  name: 'inSet',
  description:
    'The fact, or any item of a list fact, is one of the values (e.g. order types include an insurance repair).',
  valueSchema: z.array(setMember).min(1).max(200),
  prepare: (members) => {
    const set = new Set<unknown>(members);
    return (fact) => {
      if (!Array.isArray(fact)) return set.has(fact);
      for (const item of fact) if (set.has(item)) return true;
      return false;
    };
  },
});

export const startsWith = defineDomainOperator({
  name: 'startsWith',
  description:
    'The fact is text starting with the value, or with any of the listed values (a VIN or plate prefix).',
  valueSchema: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(200)]),
  prepare: (prefixOrList) => {
    const prefixes = typeof prefixOrList === 'string' ? [prefixOrList] : prefixOrList;
    return (fact) => typeof fact === 'string' && prefixes.some((prefix) => fact.startsWith(prefix));
  },
});
