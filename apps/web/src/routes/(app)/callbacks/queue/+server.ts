import { error } from '@sveltejs/kit';
import type { QueueItem } from '$lib/callbacks/types';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// Today's queue again, after a call (the workbench refreshes it in place).
export const GET: RequestHandler = ({ locals }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const storeId = encodeURIComponent(locals.store.id);
  return relay(() => locals.api.get<{ items: QueueItem[] }>(`/stores/${storeId}/callback-queue`));
};
