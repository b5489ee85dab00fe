import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { relay } from '$lib/server/callbacks';
import type { RequestHandler } from './$types';

// Today's queue again, after a call (the workbench refreshes it in place).
export const GET: RequestHandler = ({ locals }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const params = { path: { storeId: locals.store.id } };
  return relay(() => answer(locals.api.GET('/v1/stores/{storeId}/callback-queue', { params })));
};
