import { describe, expect, it } from 'vitest';
import { createCompiledRuleSetCache } from './compiled-cache.ts';
import { callbackWindowKind } from './kinds/callback-window.ts';

describe('createCompiledRuleSetCache', () => {
  it('compiles each (scope, kind, version) once', () => {
    const cache = createCompiledRuleSetCache({ maxEntries: 10 });
    let compiles = 0;
    const body = () => {
      compiles += 1;
      return callbackWindowKind.defaults;
    };
    const first = cache.get({ scope: 'store:1', kind: 'callbackWindow', version: 1 }, body);
    expect(cache.get({ scope: 'store:1', kind: 'callbackWindow', version: 1 }, body)).toBe(first);
    cache.get({ scope: 'store:1', kind: 'callbackWindow', version: 2 }, body);
    cache.get({ scope: 'store:2', kind: 'callbackWindow', version: 1 }, body);
    expect([compiles, cache.size]).toEqual([3, 3]);
  });

  it('drops the least recently used set when full', () => {
    const cache = createCompiledRuleSetCache({ maxEntries: 2 });
    let compiles = 0;
    const body = () => {
      compiles += 1;
      return callbackWindowKind.defaults;
    };
    const key = (scope: string) => ({ scope, kind: 'callbackWindow' as const, version: 1 });
    cache.get(key('a'), body);
    cache.get(key('b'), body);
    cache.get(key('a'), body); // a is now the most recent
    cache.get(key('c'), body); // evicts b
    cache.get(key('a'), body);
    expect(compiles).toBe(3);
    cache.get(key('b'), body);
    expect([compiles, cache.size]).toEqual([4, 2]);
  });

  it('cites the cached version in every decision', () => {
    const cache = createCompiledRuleSetCache();
    const compiled = cache.get(
      { scope: 'group:7', kind: 'callbackWindow', version: 12 },
      () => callbackWindowKind.defaults,
    );
    const decision = compiled.decide({ eventType: 'delivery', occurredOn: '2024-05-01' }, '2024-05-01');
    expect(decision.callbacks[0]?.decidedBy.ruleSetVersion).toBe(12);
  });
});
