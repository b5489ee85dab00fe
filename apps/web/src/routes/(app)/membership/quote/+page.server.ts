import { fail } from '@sveltejs/kit';
import type { MemberCardList, OrderQuote, OrderQuoteLine } from '$lib/api/contract';
import { fenFromYuan } from '$lib/membership/money';
import { text } from '$lib/server/form-input';
import { clubPath, clubStoreOf, storeTiers } from '$lib/server/membership';
import type { ActionFailure } from '$lib/server/respond';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

// 结算前试算: an order draft (lines, types, payer, the card and whether it was shown before
// payment) quoted by the API against the store's discountTier rules, line by line.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  const base = {
    cardNo: url.searchParams.get('card') ?? '',
    tiers: [] as { code: string; label: string }[],
  };
  if (!store) return base;
  try {
    return { ...base, tiers: await storeTiers(locals.api, store.id) };
  } catch (err) {
    raiseFromApi(err);
  }
};

/** The order lines as typed (`lines.0.kind`, `lines.0.description`, `lines.0.amount` in yuan), none dropped. */
function orderLines(data: FormData): OrderQuoteLine[] {
  const indexes = new Set<number>();
  for (const key of data.keys()) {
    const match = /^lines\.(\d+)\.kind$/.exec(key);
    if (match?.[1]) indexes.add(Number(match[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => ({
      kind: text(data, `lines.${i}.kind`) === 'parts' ? 'parts' : 'labour',
      description: text(data, `lines.${i}.description`),
      amountFen: fenFromYuan(text(data, `lines.${i}.amount`)),
    }));
}

export const actions: Actions = {
  quote: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    const values = formValues(data);
    const cardNo = text(data, 'cardNo');
    try {
      let cardId: string | undefined;
      if (cardNo) {
        const { items } = await locals.api.get<MemberCardList>(
          clubPath(store.id, `/cards?q=${encodeURIComponent(cardNo)}&limit=5`),
        );
        cardId = items.find((card) => card.cardNo === cardNo)?.id;
        if (!cardId)
          return fail(400, {
            form: 'quote',
            values,
            error: {
              code: 'NOT_FOUND',
              message: 'cardNotFound',
              details: [{ path: 'cardNo', message: 'cardNotFound' }],
            },
          } satisfies ActionFailure);
      }
      const quote = await locals.api.post<OrderQuote>(clubPath(store.id, '/quotes'), {
        orderTypes: data.getAll('orderTypes').filter((v) => typeof v === 'string'),
        payer: text(data, 'payer'),
        lines: orderLines(data),
        ...(cardId ? { cardId } : {}),
        cardPresented: data.has('cardPresented'),
      });
      return { form: 'quote', quote };
    } catch (err) {
      return failFromApi(err, 'quote', values);
    }
  },
};
