import { statisticsQuery } from '$lib/callbacks/statistics-query';
import { downloadFromApi } from '$lib/server/download';
import type { RequestHandler } from './$types';

// HQ's side-by-side table (every store, ranked) as XLSX with its monthly trend, straight from the API.
export const GET: RequestHandler = ({ url, cookies, getClientAddress }) =>
  downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/callback-statistics.xlsx?${statisticsQuery(url)}`,
  });
