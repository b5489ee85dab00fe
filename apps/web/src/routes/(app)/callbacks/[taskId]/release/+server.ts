import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// Puts the task back in the queue without a call.
export const POST: RequestHandler = ({ locals, params }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const task = { params: { path: { storeId: locals.store.id, taskId: params.taskId } } };
  return relay(() => answer(locals.api.POST('/v1/stores/{storeId}/callbacks/{taskId}/release', task)));
};
