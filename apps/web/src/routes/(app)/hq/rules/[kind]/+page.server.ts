import type { RequestEvent } from '@sveltejs/kit';
import { loadRuleEditor, ruleEditorActions } from '$lib/server/rule-editor';
import type { Actions, PageServerLoad } from './$types';

// The group's default rule set of one kind (HQ only; the HQ layout and the API both check).
const baseOf = ({ params }: Pick<RequestEvent, 'params'>) =>
  `/rule-sets/${encodeURIComponent(params.kind ?? '')}`;

export const load: PageServerLoad = async (event) => ({
  ...(await loadRuleEditor(event, baseOf(event), event.params.kind)),
  canEdit: true,
});

export const actions: Actions = ruleEditorActions(baseOf);
