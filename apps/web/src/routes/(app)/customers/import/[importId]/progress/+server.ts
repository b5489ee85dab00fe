import { json } from '@sveltejs/kit';
import type { ImportView } from '$lib/api/contract';
import { ApiError } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The import's progress as JSON, for the page to poll without reloading. */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.store)
    return json({ code: 'NOT_FOUND', message: 'No store chosen', details: [] }, { status: 404 });
  try {
    const view = await locals.api.get<ImportView>(
      `/stores/${encodeURIComponent(locals.store.id)}/imports/${encodeURIComponent(params.importId)}`,
    );
    return json(view, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    if (err instanceof ApiError) return json(err.toBody(), { status: err.status });
    throw err;
  }
};
