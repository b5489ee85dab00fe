import {
  type CompiledRuleSet,
  createCompiledRuleSetCache,
  isRuleKindName,
  type RuleKindName,
  ruleKinds,
} from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** The rule set a store decides with for one kind, compiled for the hot path. */
export interface EffectiveRuleSet<Name extends RuleKindName = RuleKindName> {
  /** The published row that decides, or null for the kind's built-in default. */
  ruleSetId: string | null;
  /** The store's own version, else the group's default, else the built-in default. */
  scope: 'store' | 'group' | 'default';
  /** 0 for the built-in default. */
  version: number;
  compiled: CompiledRuleSet<Name>;
}

/**
 * One cache per process. Published versions are frozen (a trigger refuses any change), so
 * a key (row id, version) never goes stale; the LRU bound keeps a thousand stores × seven
 * kinds (and their history) in memory comfortably.
 */
const compiledRuleSets = createCompiledRuleSetCache({ maxEntries: 10_000 });

/** Thrown by the loader on a cache miss so the body is only read from the database when needed. */
const notCached = Symbol('notCached');

export function assertRuleKind(kind: string): asserts kind is RuleKindName {
  if (!isRuleKindName(kind)) {
    throw new AppError('NOT_FOUND', `Unknown rule kind "${kind}"`, [
      { path: 'kind', message: `must be one of ${Object.keys(ruleKinds).join(', ')}` },
    ]);
  }
}

/** A published version, compiled once per (row, version). */
export async function compiledVersion<Name extends RuleKindName>(
  tx: Tx,
  tenantId: string,
  kind: Name,
  ruleSetId: string,
  version: number,
): Promise<CompiledRuleSet<Name>> {
  const key = { scope: ruleSetId, kind, version };
  try {
    return compiledRuleSets.get(key, () => {
      throw notCached;
    });
  } catch (error) {
    if (error !== notCached) throw error;
  }
  const [row] = await tx<{ body: unknown }[]>`
    select body from rule_sets where tenant_id = ${tenantId} and id = ${ruleSetId}`;
  if (!row) throw new Error(`rule set ${ruleSetId} vanished`);
  return compiledRuleSets.get(key, () => row.body);
}

/** The kind's built-in default (version 0), compiled once per process. */
export function compiledDefault<Name extends RuleKindName>(kind: Name): CompiledRuleSet<Name> {
  return compiledRuleSets.get({ scope: `default:${kind}`, kind, version: 0 }, () => ruleKinds[kind].defaults);
}

/**
 * The store's own published version of this kind, else the group's published default,
 * else the kind's built-in default (version 0). What ingestion and the nightly scans
 * decide with; call it inside the command's tenant transaction. Two small index reads on
 * a warm cache; the body is read only on the first use of a version in this process.
 *
 * @example
 * const { compiled, version } = await effectiveRuleSet(tx, tenantId, storeId, 'callbackWindow');
 * const decision = compiled.decide(facts, now);
 */
export async function effectiveRuleSet(
  tx: Tx,
  tenantId: string,
  storeId: string,
  kind: string,
): Promise<EffectiveRuleSet> {
  assertRuleKind(kind);
  return effectiveRuleSetOf(tx, tenantId, storeId, kind) as Promise<EffectiveRuleSet>;
}

/** `effectiveRuleSet` with the kind's decision type, for callers that name the kind literally. */
export async function effectiveRuleSetOf<Name extends RuleKindName>(
  tx: Tx,
  tenantId: string,
  storeId: string,
  kind: Name,
): Promise<EffectiveRuleSet<Name>> {
  const [row] = await tx<{ id: string; storeId: string | null; version: number }[]>`
    select id, store_id, version from rule_sets
    where tenant_id = ${tenantId} and kind = ${kind} and status = 'published'
      and (store_id = ${storeId} or store_id is null)
    order by store_id nulls last
    limit 1`;
  if (!row) return { ruleSetId: null, scope: 'default', version: 0, compiled: compiledDefault(kind) };
  return {
    ruleSetId: row.id,
    scope: row.storeId === null ? 'group' : 'store',
    version: row.version,
    compiled: await compiledVersion(tx, tenantId, kind, row.id, row.version),
  };
}
