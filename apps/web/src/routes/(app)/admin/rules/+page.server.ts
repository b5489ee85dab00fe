import type { Items, RuleKind, RuleSetState } from '$lib/api/contract';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The rule kinds of the store chosen in the switcher, each with what decides today.
export const load: PageServerLoad = async ({ locals }) => {
  try {
    const { items: kinds } = await locals.api.get<Items<RuleKind>>('/rule-kinds');
    const store = locals.store;
    if (!store) return { kinds, states: null };
    const states = await Promise.all(
      kinds.map((kind) =>
        locals.api.get<RuleSetState>(`/stores/${encodeURIComponent(store.id)}/rule-sets/${kind.name}`),
      ),
    );
    return { kinds, states };
  } catch (err) {
    raiseFromApi(err);
  }
};
