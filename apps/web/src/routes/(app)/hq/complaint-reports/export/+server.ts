import { downloadFromApi } from '$lib/server/download';
import type { RequestHandler } from './$types';

// Every store's complaint report as XLSX, one row per store, straight from the API.
export const GET: RequestHandler = ({ url, cookies, getClientAddress }) => {
  const query = new URLSearchParams({
    from: url.searchParams.get('from') ?? '',
    to: url.searchParams.get('to') ?? '',
  });
  return downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/complaint-reports.xlsx?${query}`,
  });
};
