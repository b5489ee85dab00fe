import { type CardStatus, cardStatuses, type MemberCardList } from '$lib/api/contract';
import { clubPath, storeTiers } from '$lib/server/membership';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

const pageSize = 50;

const isStatus = (value: string | null): value is CardStatus =>
  cardStatuses.some((status) => status === value);

// The members of the store chosen in the switcher. Filter, search and page live in the URL,
// so the list is a plain GET form that works without script and Back returns to it.
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  const statusParam = url.searchParams.get('status');
  const status = isStatus(statusParam) ? statusParam : null;
  const offset = Math.max(0, Number.parseInt(url.searchParams.get('offset') ?? '0', 10) || 0);
  const store = locals.store;
  if (!store) return { q, status, offset, pageSize, list: null, tiers: [] };
  const query = new URLSearchParams({ limit: String(pageSize), offset: String(offset) });
  if (q) query.set('q', q);
  if (status) query.set('status', status);
  try {
    const [list, tiers] = await Promise.all([
      locals.api.get<MemberCardList>(clubPath(store.id, `/cards?${query}`)),
      storeTiers(locals.api, store.id),
    ]);
    return { q, status, offset, pageSize, list, tiers };
  } catch (err) {
    raiseFromApi(err);
  }
};
