import { type CompiledRuleSet, compileRuleSet } from './compile.ts';
import type { RuleKindName } from './registry.ts';

export interface CompiledRuleSetKey<Name extends RuleKindName> {
  /** Whose rule set: e.g. `store:<id>` or `group:<tenant id>`. */
  scope: string;
  kind: Name;
  version: number;
}

export interface CompiledRuleSetCache {
  /** The compiled set for this key, compiling `ruleSet` on a miss. Versions are immutable once published, so a key never goes stale. */
  get<Name extends RuleKindName>(
    key: CompiledRuleSetKey<Name>,
    ruleSet: () => unknown,
  ): CompiledRuleSet<Name>;
  readonly size: number;
  clear(): void;
}

/**
 * A bounded least-recently-used cache of compiled rule sets keyed by (scope, kind,
 * version). The default holds 10,000 sets: a thousand stores × seven kinds with room to
 * spare; a compiled default set is a few kilobytes of closures.
 *
 * @example
 * const cache = createCompiledRuleSetCache();
 * const compiled = cache.get({ scope: `store:${storeId}`, kind: 'callbackWindow', version }, () => body);
 */
export function createCompiledRuleSetCache({
  maxEntries = 10_000,
}: {
  maxEntries?: number;
} = {}): CompiledRuleSetCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError('maxEntries must be a positive integer');
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest first.
  const entries = new Map<string, CompiledRuleSet>();
  return {
    get<Name extends RuleKindName>(
      key: CompiledRuleSetKey<Name>,
      ruleSet: () => unknown,
    ): CompiledRuleSet<Name> {
      const id = JSON.stringify([key.scope, key.kind, key.version]);
      const hit = entries.get(id);
      if (hit !== undefined) {
        entries.delete(id);
        entries.set(id, hit);
        return hit as CompiledRuleSet<Name>;
      }
      const compiled = compileRuleSet({ kind: key.kind, ruleSet: ruleSet(), version: key.version });
      entries.set(id, compiled as CompiledRuleSet);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      return compiled;
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}
