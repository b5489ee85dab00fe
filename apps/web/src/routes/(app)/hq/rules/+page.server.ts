import type { Items, RuleKind, RuleSetState } from '$lib/api/contract';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The group's default rule set of every kind, with what decides today.
export const load: PageServerLoad = async ({ locals }) => {
  try {
    const { items: kinds } = await locals.api.get<Items<RuleKind>>('/rule-kinds');
    const states = await Promise.all(
      kinds.map((kind) => locals.api.get<RuleSetState>(`/rule-sets/${kind.name}`)),
    );
    return { kinds, states };
  } catch (err) {
    raiseFromApi(err);
  }
};
