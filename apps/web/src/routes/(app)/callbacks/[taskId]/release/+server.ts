import { error } from '@sveltejs/kit';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// Puts the task back in the queue without a call.
export const POST: RequestHandler = ({ locals, params }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const path = `/stores/${encodeURIComponent(locals.store.id)}/callbacks/${encodeURIComponent(params.taskId)}`;
  return relay(() => locals.api.post(`${path}/release`));
};
