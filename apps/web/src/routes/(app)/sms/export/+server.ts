import { error } from '@sveltejs/kit';
import { downloadFromApi } from '$lib/server/download';
import { readSmsLogFilters, smsLogQuery } from '$lib/sms/log-filters';
import type { RequestHandler } from './$types';

// 短信发送记录表 as XLSX with the log's filters (the same URL parameters as /sms), straight from the API.
export const GET: RequestHandler = ({ locals, url, cookies, getClientAddress }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const query = new URLSearchParams(smsLogQuery(readSmsLogFilters(url.searchParams), locals.store.timeZone));
  // The export takes every matching message, not a page of them.
  query.delete('limit');
  return downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/stores/${encodeURIComponent(locals.store.id)}/sms/messages.xlsx?${query}`,
  });
};
