import { error } from '@sveltejs/kit';
import { downloadFromApi } from '$lib/server/download';
import type { RequestHandler } from './$types';

// A corrective or preventive action's attachment, fetched as the signed-in person (the API decides who may).
export const GET: RequestHandler = ({ locals, params, cookies, getClientAddress }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/stores/${encodeURIComponent(locals.store.id)}/complaint-attachments/${encodeURIComponent(params.attachmentId)}`,
  });
};
