import { error } from '@sveltejs/kit';
import type { RecordedCall } from '$lib/callbacks/types';
import { relay } from '$lib/server/callbacks';
import { jsonBodyOf } from '$lib/server/request-body';
import type { RequestHandler } from './$types';

// Records the call with its outcome; the API checks the body against the outcome and the questionnaire.
export const POST: RequestHandler = async ({ locals, params, request }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const body = await jsonBodyOf(request);
  const path = `/stores/${encodeURIComponent(locals.store.id)}/callbacks/${encodeURIComponent(params.taskId)}/calls`;
  return relay(() => locals.api.post<RecordedCall>(path, body));
};
