import { raiseFromApi } from '$lib/server/respond';
import type { RequestHandler } from './$types';

/** Headers of the API's answer worth passing on to the browser with the workbook. */
const passed = ['content-type', 'content-disposition', 'content-length', 'x-content-type-options'];

/**
 * 客户档案 as XLSX for the store in the switcher, filtered by the customer page's search
 * (`?q=`), masked unless `?unmask=true` (the API refuses roles that may not, and audits every
 * export). Streamed through with the user's session.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (!locals.store) return new Response('No store chosen', { status: 404 });
  const query = new URLSearchParams();
  const q = (url.searchParams.get('q') ?? '').trim();
  if (q) query.set('q', q);
  if (url.searchParams.get('unmask') === 'true') query.set('unmask', 'true');
  try {
    const upstream = await locals.api.download(
      `/stores/${encodeURIComponent(locals.store.id)}/customer-files.xlsx${query.size ? `?${query}` : ''}`,
    );
    const headers = new Headers({ 'cache-control': 'private, no-store' });
    for (const name of passed) {
      const value = upstream.headers.get(name);
      if (value) headers.set(name, value);
    }
    return new Response(upstream.body, { status: 200, headers });
  } catch (err) {
    raiseFromApi(err);
  }
};
