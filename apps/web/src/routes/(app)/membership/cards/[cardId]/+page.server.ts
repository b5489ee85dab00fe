import { redirect } from '@sveltejs/kit';
import type {
  Items,
  MemberCard,
  MemberCardPage,
  MembershipSettings,
  PointsPosted,
  Redemption,
  RedemptionItem,
  RuleSetState,
} from '$lib/api/contract';
import { text } from '$lib/server/form-input';
import { clubPath, clubStoreOf, tierClausesOf } from '$lib/server/membership';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The card actions that ask for confirmation first, and the API route of each. */
const cardActions = {
  renew: 'renew',
  reportLost: 'report-lost',
  reissue: 'reissue',
  cancel: 'cancel',
} as const;
type CardAction = keyof typeof cardActions;
const isCardAction = (value: string | null): value is CardAction =>
  value !== null && Object.hasOwn(cardActions, value);

// The card page: the card, its tier and what the store's rules say about tiers, the points
// ledger, and the actions. Confirmation steps live in the URL (`?confirm=renew`,
// `?redeem=<item>&quantity=2`), so they work without script and each has a Back.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const store = clubStoreOf(locals);
  try {
    const [page, catalogue, settings, classification] = await Promise.all([
      locals.api.get<MemberCardPage>(clubPath(store.id, `/cards/${encodeURIComponent(params.cardId)}`)),
      locals.api.get<Items<RedemptionItem>>(clubPath(store.id, '/catalogue')),
      locals.api.get<MembershipSettings>(clubPath(store.id, '/settings')),
      locals.api.get<RuleSetState>(`/stores/${encodeURIComponent(store.id)}/rule-sets/classification`),
    ]);
    const confirm = url.searchParams.get('confirm');
    const redeemItem = catalogue.items.find((item) => item.id === url.searchParams.get('redeem')) ?? null;
    const quantity = Math.max(1, Number.parseInt(url.searchParams.get('quantity') ?? '1', 10) || 1);
    return {
      ...page,
      catalogue: catalogue.items.filter((item) => item.active),
      settings,
      tierClauses: tierClausesOf(classification.effective.body),
      confirm: isCardAction(confirm) ? confirm : null,
      // A fresh key per confirmation: a resent confirmation redeems once.
      redeem: redeemItem ? { item: redeemItem, quantity, redemptionId: crypto.randomUUID() } : null,
      done: url.searchParams.get('done'),
      doneRedemption: url.searchParams.get('rid'),
    };
  } catch (err) {
    raiseFromApi(err);
  }
};

function cardAction(action: CardAction) {
  return async ({ locals, params }: RequestEvent) => {
    const store = clubStoreOf(locals);
    try {
      await locals.api.post<MemberCard>(
        clubPath(store.id, `/cards/${encodeURIComponent(params.cardId)}/${cardActions[action]}`),
      );
    } catch (err) {
      return failFromApi(err, action);
    }
    redirect(303, `/membership/cards/${params.cardId}?done=${action}`);
  };
}

export const actions: Actions = {
  renew: cardAction('renew'),
  reportLost: cardAction('reportLost'),
  reissue: cardAction('reissue'),
  cancel: cardAction('cancel'),
  redeem: async ({ locals, params, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    let redemption: Redemption;
    try {
      redemption = await locals.api.post<Redemption>(clubPath(store.id, '/redemptions'), {
        cardId: params.cardId,
        itemId: text(data, 'itemId'),
        quantity: Number(text(data, 'quantity')),
        confirmed: text(data, 'confirmed') === 'true',
        redemptionId: text(data, 'redemptionId') || undefined,
      });
    } catch (err) {
      return failFromApi(err, 'redeem', formValues(data));
    }
    redirect(303, `/membership/cards/${params.cardId}?done=redeem&rid=${redemption.id}`);
  },
  adjust: async ({ locals, params, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    try {
      await locals.api.post<PointsPosted>(clubPath(store.id, '/points/adjustments'), {
        cardId: params.cardId,
        points: Number(text(data, 'points')),
        reason: text(data, 'reason'),
      });
    } catch (err) {
      return failFromApi(err, 'adjust', formValues(data));
    }
    redirect(303, `/membership/cards/${params.cardId}?done=adjust`);
  },
};
