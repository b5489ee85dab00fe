import { error } from '@sveltejs/kit';
import { downloadFromApi } from '$lib/server/download';
import { qualityItemsQuery, qualityStoreId } from '../../types';
import type { RequestHandler } from './$types';

// EQC整改项目跟踪表 as XLSX with the items page's filters (the same URL parameters as /quality/items), straight from the API.
export const GET: RequestHandler = ({ locals, url, cookies, getClientAddress }) => {
  const storeId = qualityStoreId(url, locals.store?.id);
  if (!storeId) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const { query } = qualityItemsQuery(url);
  return downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/stores/${encodeURIComponent(storeId)}/quality/items.xlsx${query ? `?${query}` : ''}`,
  });
};
