import { error } from '@sveltejs/kit';
import { statisticsQuery } from '$lib/callbacks/statistics-query';
import { downloadFromApi } from '$lib/server/download';
import type { RequestHandler } from './$types';

// The statistics table as XLSX, straight from the API.
export const GET: RequestHandler = ({ locals, url, cookies, getClientAddress }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/stores/${encodeURIComponent(locals.store.id)}/callback-statistics.xlsx?${statisticsQuery(url)}`,
  });
};
