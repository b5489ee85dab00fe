import { error } from '@sveltejs/kit';
import { downloadFromApi } from '$lib/server/download';
import type { RequestHandler } from './$types';

// The store's complaint report as XLSX, straight from the API.
export const GET: RequestHandler = ({ locals, url, cookies, getClientAddress }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const query = new URLSearchParams({
    from: url.searchParams.get('from') ?? '',
    to: url.searchParams.get('to') ?? '',
  });
  return downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/stores/${encodeURIComponent(locals.store.id)}/complaint-reports.xlsx?${query}`,
  });
};
