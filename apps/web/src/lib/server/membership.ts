import { error } from '@sveltejs/kit';
import type { RuleSetState, Store } from '$lib/api/contract';
import type { ApiClient } from './api';

/**
 * The store whose club the membership pages show: the one chosen in the switcher. Pages
 * without a store say so; actions (which cannot render that) answer 404.
 */
export function clubStoreOf(locals: App.Locals): Store {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return locals.store;
}

/** `/stores/{storeId}/membership{rest}`, the API's club routes. */
export function clubPath(storeId: string, rest: string): string {
  return `/stores/${encodeURIComponent(storeId)}/membership${rest}`;
}

/** A `moveTier` clause of the store's classification rules: the rule's name and the tier it moves to. */
export interface TierClause {
  ruleId: string;
  ruleName: string;
  tier: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The tier clauses of a classification rule set's body, for the card page to show what a
 * tier needs. Only the rule's own name and target are shown — the decision itself stays with
 * the nightly scan that runs the rules.
 */
export function tierClausesOf(body: unknown): TierClause[] {
  const rules = isRecord(body) && Array.isArray(body.rules) ? body.rules : [];
  return rules.flatMap((rule: unknown) => {
    if (!isRecord(rule) || !isRecord(rule.event) || rule.event.type !== 'moveTier') return [];
    const params = rule.event.params;
    const tier = isRecord(params) && typeof params.tier === 'string' ? params.tier : null;
    if (!tier || typeof rule.id !== 'string' || typeof rule.name !== 'string') return [];
    return [{ ruleId: rule.id, ruleName: rule.name, tier }];
  });
}

/** The store's tiers (code → label) as its discount rules name them, lowest first. */
export function tierLabelsOf(body: unknown): { code: string; label: string }[] {
  const tiers = isRecord(body) && Array.isArray(body.tiers) ? body.tiers : [];
  return tiers.flatMap((tier: unknown) =>
    isRecord(tier) && typeof tier.code === 'string' && typeof tier.label === 'string'
      ? [{ code: tier.code, label: tier.label }]
      : [],
  );
}

/** The store's tiers as the discount rules that decide today name them (code → label). */
export async function storeTiers(
  api: ApiClient,
  storeId: string,
): Promise<{ code: string; label: string }[]> {
  const state = await api.get<RuleSetState>(`/stores/${encodeURIComponent(storeId)}/rule-sets/discountTier`);
  return tierLabelsOf(state.effective.body);
}
