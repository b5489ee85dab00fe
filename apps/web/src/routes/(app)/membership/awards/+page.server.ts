import { redirect } from '@sveltejs/kit';
import type { AwardOutcome, Items, MemberCardPage, PointsAwardRequest } from '$lib/api/contract';
import { optionalText, text } from '$lib/server/form-input';
import { clubPath, clubStoreOf } from '$lib/server/membership';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { holdsAtStore } from '$lib/server/store-access';
import type { Actions, PageServerLoad } from './$types';

const statuses = ['pending', 'approved', 'rejected'] as const;
type Status = (typeof statuses)[number];
const statusOf = (value: string | null): Status => statuses.find((s) => s === value) ?? 'pending';
// Mirrors core's membership.approveAwards.
const approvers = ['hq_admin', 'store_admin', 'cr_manager'] as const;

// 积分奖励: the store's award requests (pending first in line), a manager's approve and
// reject, and — from a card's page (`?card=<id>`) — the form that asks for an award. Each
// form carries a fresh source id, so sending it twice asks once.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  const status = statusOf(url.searchParams.get('status'));
  if (!store) return { requests: null, status, card: null, sourceId: '', canApprove: false, done: null };
  const cardId = url.searchParams.get('card');
  try {
    const [{ items }, page] = await Promise.all([
      locals.api.get<Items<PointsAwardRequest>>(
        clubPath(store.id, `/points/award-requests?status=${status}`),
      ),
      cardId
        ? locals.api.get<MemberCardPage>(clubPath(store.id, `/cards/${encodeURIComponent(cardId)}`))
        : null,
    ]);
    return {
      requests: items,
      status,
      card: page?.card ?? null,
      sourceId: crypto.randomUUID(),
      canApprove: holdsAtStore(locals.session?.roles ?? [], store.id, approvers),
      done: url.searchParams.get('done'),
    };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  ask: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    const points = optionalText(data, 'requestedPoints');
    let outcome: AwardOutcome;
    try {
      outcome = await locals.api.post<AwardOutcome>(clubPath(store.id, '/points/awards'), {
        cardId: text(data, 'cardId'),
        kind: text(data, 'kind'),
        sourceId: text(data, 'sourceId'),
        ...(points ? { requestedPoints: Number(points) } : {}),
        ...(optionalText(data, 'note') ? { note: optionalText(data, 'note') } : {}),
      });
    } catch (err) {
      return failFromApi(err, 'ask', formValues(data));
    }
    redirect(303, `/membership/awards?status=${outcome.request.status}&done=${outcome.request.status}`);
  },
  approve: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    try {
      await locals.api.post<AwardOutcome>(
        clubPath(store.id, `/points/award-requests/${encodeURIComponent(text(data, 'id'))}/approve`),
      );
    } catch (err) {
      return failFromApi(err, 'decide', formValues(data));
    }
    redirect(303, '/membership/awards?done=approved');
  },
  reject: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    try {
      await locals.api.post<AwardOutcome>(
        clubPath(store.id, `/points/award-requests/${encodeURIComponent(text(data, 'id'))}/reject`),
        { reason: text(data, 'reason') },
      );
    } catch (err) {
      return failFromApi(err, 'decide', formValues(data));
    }
    redirect(303, '/membership/awards?done=rejected');
  },
};
