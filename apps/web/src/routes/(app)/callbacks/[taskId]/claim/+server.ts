import { error } from '@sveltejs/kit';
import type { TaskPage } from '$lib/callbacks/types';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// Takes one task of the queue (409 from the API when another specialist is on it).
export const POST: RequestHandler = ({ locals, params }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const path = `/stores/${encodeURIComponent(locals.store.id)}/callbacks/${encodeURIComponent(params.taskId)}`;
  return relay(async () => {
    await locals.api.post(`${path}/claim`);
    return { task: await locals.api.get<TaskPage>(path) };
  });
};
