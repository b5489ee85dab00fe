import type { ApiErrorBody } from '$lib/api/contract';
import { ApiError, answer } from '$lib/server/api';
import { customerAccess } from '$lib/server/customer-access';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

/** The most files one search shows; more means the term is too vague to scan by eye. */
const limit = 50;

// Customer search in the store chosen in the switcher. The term lives in the URL (`?q=`),
// so each search is a client-side navigation: no page reload, and Back returns to it.
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  const store = locals.store;
  const access = customerAccess(locals.session?.roles ?? [], store?.id ?? '');
  const empty = { q, results: null, limit, error: null as ApiErrorBody | null, access };
  if (!store || q.length < 2) return empty;
  try {
    const { items } = await answer(
      locals.api.GET('/v1/stores/{storeId}/customer-files', {
        params: { path: { storeId: store.id }, query: { q, limit } },
      }),
    );
    return { ...empty, results: items };
  } catch (err) {
    // A term the API cannot read is said beside the box, not as an error page.
    if (err instanceof ApiError && err.code === 'INVALID_INPUT') return { ...empty, error: err.toBody() };
    raiseFromApi(err);
  }
};
