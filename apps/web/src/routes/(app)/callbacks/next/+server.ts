import { error } from '@sveltejs/kit';
import type { TaskPage } from '$lib/callbacks/types';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// "Next call": the API claims the first task of my queue; the call screen comes back with it.
export const POST: RequestHandler = ({ locals }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const storeId = encodeURIComponent(locals.store.id);
  return relay(async () => {
    const { taskId } = await locals.api.post<{ taskId: string | null }>(
      `/stores/${storeId}/callback-queue/next`,
    );
    if (!taskId) return { task: null };
    return { task: await locals.api.get<TaskPage>(`/stores/${storeId}/callbacks/${taskId}`) };
  });
};
