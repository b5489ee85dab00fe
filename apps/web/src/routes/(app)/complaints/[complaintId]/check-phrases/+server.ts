import { error, json } from '@sveltejs/kit';
import { jsonBodyOf } from '$lib/server/request-body';
import { raiseFromApi } from '$lib/server/respond';
import type { RequestHandler } from './$types';

// Live check of a reply as it is typed, against the store's forbidden phrases (the API decides).
export const POST: RequestHandler = async ({ request, locals }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const body = await jsonBodyOf(request);
  const text = typeof body === 'object' && body !== null ? (body as { text?: unknown }).text : undefined;
  if (typeof text !== 'string') error(400, { message: 'text missing', code: 'INVALID_INPUT' });
  try {
    return json(
      await locals.api.post<{ phrases: string[] }>(
        `/stores/${encodeURIComponent(locals.store.id)}/complaint-settings/check-phrases`,
        { text: text.slice(0, 4000) },
      ),
    );
  } catch (err) {
    raiseFromApi(err);
  }
};
