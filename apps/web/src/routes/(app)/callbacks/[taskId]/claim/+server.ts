import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// Takes one task of the queue (409 from the API when another specialist is on it).
export const POST: RequestHandler = ({ locals, params }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const task = { params: { path: { storeId: locals.store.id, taskId: params.taskId } } };
  return relay(async () => {
    await answer(locals.api.POST('/v1/stores/{storeId}/callbacks/{taskId}/claim', task));
    return { task: await answer(locals.api.GET('/v1/stores/{storeId}/callbacks/{taskId}', task)) };
  });
};
