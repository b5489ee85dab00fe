import type { RequestEvent } from '@sveltejs/kit';
import { loadRuleEditor, ruleEditorActions } from '$lib/server/rule-editor';
import type { Actions, PageServerLoad } from './$types';

// A store's rule set of one kind: the store chosen in the switcher.
const baseOf = ({ locals, params }: Pick<RequestEvent, 'locals' | 'params'>) =>
  locals.store
    ? `/stores/${encodeURIComponent(locals.store.id)}/rule-sets/${encodeURIComponent(params.kind ?? '')}`
    : null;

export const load: PageServerLoad = async (event) => {
  const { isHq, roles, store } = await event.parent();
  const loaded = await loadRuleEditor(event, baseOf(event), event.params.kind);
  // Who may change it (the API checks again): HQ, or this store's administrator.
  const canEdit =
    isHq || (store !== null && roles.some((a) => a.role === 'store_admin' && a.storeId === store.id));
  return { ...loaded, canEdit };
};

export const actions: Actions = ruleEditorActions(baseOf);
