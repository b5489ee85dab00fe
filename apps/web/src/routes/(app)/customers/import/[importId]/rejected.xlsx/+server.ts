import { raiseFromApi } from '$lib/server/respond';
import type { RequestHandler } from './$types';

/** Headers of the API's answer worth passing on to the browser with the workbook. */
const passed = ['content-type', 'content-disposition', 'content-length', 'x-content-type-options'];

/**
 * The rejected rows as the API writes them (XLSX, the reason beside each row), streamed
 * through with the user's session: the browser never holds an API credential of its own.
 * The API audits the download, as the rows carry personal data.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.store) return new Response('No store chosen', { status: 404 });
  try {
    const upstream = await locals.api.download(
      `/stores/${encodeURIComponent(locals.store.id)}/imports/${encodeURIComponent(params.importId)}/rejected.xlsx`,
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
