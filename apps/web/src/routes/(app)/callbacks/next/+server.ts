import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// "Next call": the API claims the first task of my queue; the call screen comes back with it.
export const POST: RequestHandler = ({ locals }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const storeId = locals.store.id;
  return relay(async () => {
    const { taskId } = await answer(
      locals.api.POST('/v1/stores/{storeId}/callback-queue/next', { params: { path: { storeId } } }),
    );
    if (!taskId) return { task: null };
    const task = { params: { path: { storeId, taskId } } };
    return { task: await answer(locals.api.GET('/v1/stores/{storeId}/callbacks/{taskId}', task)) };
  });
};
