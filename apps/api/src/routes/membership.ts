import {
  AdjustPointsInput,
  AwardOutcome,
  AwardPointsInput,
  AwardRequestQuery,
  adjustPoints,
  approveAwardRequest,
  awardPoints,
  cancelMemberCard,
  getMemberCardPage,
  getMembershipSettings,
  IssueMemberCardInput,
  issueMemberCard,
  LedgerEntry,
  listAwardRequests,
  listMemberCards,
  listRedemptionItems,
  MemberCard,
  MemberCardPage,
  MemberListQuery,
  MembershipSettings,
  OrderQuote,
  OrderQuoteInput,
  PointsAwardRequest,
  quoteOrder,
  RedeemInput,
  Redemption,
  RedemptionItem,
  RejectAwardInput,
  redeemPoints,
  reissueMemberCard,
  rejectAwardRequest,
  renewMemberCard,
  reportMemberCardLost,
  SaveMembershipSettingsInput,
  SaveRedemptionItemInput,
  saveMembershipSettings,
  saveRedemptionItem,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['membership'];
const base = '/stores/{storeId}/membership';
const CardParams = z.object({
  storeId: z.uuid().openapi({ param: { name: 'storeId', in: 'path' } }),
  cardId: z.uuid().openapi({ param: { name: 'cardId', in: 'path' } }),
});
const AwardRequestParams = z.object({
  storeId: z.uuid().openapi({ param: { name: 'storeId', in: 'path' } }),
  awardRequestId: z.uuid().openapi({ param: { name: 'awardRequestId', in: 'path' } }),
});
const Posted = z.object({ posted: z.array(LedgerEntry), balance: z.number().int() });

const listCards = createRoute({
  method: 'get',
  path: `${base}/cards`,
  tags,
  summary: 'Members of the store: cards with owner, car, tier and points balance',
  request: { params: StoreParams, query: MemberListQuery },
  responses: {
    200: ok('Cards', z.object({ items: z.array(MemberCard), total: z.number().int() })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const issueCard = createRoute({
  method: 'post',
  path: `${base}/cards`,
  tags,
  summary: 'Issue a card for a car (一车一卡; owner 18+, documents complete; valid 3 years)',
  request: { params: StoreParams, body: json(IssueMemberCardInput) },
  responses: { 201: ok('Issued', MemberCard), ...errorResponses(400, 401, 403, 404, 409) },
});
const getCard = createRoute({
  method: 'get',
  path: `${base}/cards/{cardId}`,
  tags,
  summary: 'The card page: card, tier, history and the points ledger',
  request: { params: CardParams },
  responses: { 200: ok('Card', MemberCardPage), ...errorResponses(400, 401, 403, 404) },
});
const cardAction = (action: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `${base}/cards/{cardId}/${action}`,
    tags,
    summary,
    request: { params: CardParams },
    responses: { 200: ok('Card', MemberCard), ...errorResponses(400, 401, 403, 404, 409) },
  });
const renew = cardAction(
  'renew',
  'Renew for three more years (an expired card, or an active one in its last 90 days)',
);
const reportLost = cardAction('report-lost', 'Report the card lost (挂失)');
const reissue = cardAction(
  'reissue',
  "Reissue a lost or damaged card under a new number, for the store's fee (补办)",
);
const cancel = cardAction('cancel', 'Cancel the membership (注销)');

const getSettings = createRoute({
  method: 'get',
  path: `${base}/settings`,
  tags,
  summary: "The store's club fees",
  request: { params: StoreParams },
  responses: { 200: ok('Settings', MembershipSettings), ...errorResponses(400, 401, 403, 404) },
});
const saveSettings = createRoute({
  method: 'put',
  path: `${base}/settings`,
  tags,
  summary: "Set the store's joining and reissue fees",
  request: { params: StoreParams, body: json(SaveMembershipSettingsInput) },
  responses: { 200: ok('Settings', MembershipSettings), ...errorResponses(400, 401, 403, 404) },
});
const award = createRoute({
  method: 'post',
  path: `${base}/points/awards`,
  tags,
  summary:
    'Asks for points for a member activity attended or an accepted suggestion (once per activity and member)',
  description:
    "Posts at once when the caller may approve awards (membership.approveAwards: store admin, CR manager, HQ); anyone else's award waits, pending, for a manager's approval. Refused (409 CONFLICT on `points`, the reason in Chinese) past the store's award cap per member and period (points rules, 1,000 a month by default). A replay returns the first request and posts nothing.",
  request: { params: StoreParams, body: json(AwardPointsInput) },
  responses: {
    200: ok('The award and what it posted', AwardOutcome),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const listAwards = createRoute({
  method: 'get',
  path: `${base}/points/award-requests`,
  tags,
  summary: "The store's award requests in one state (pending by default, oldest first)",
  request: { params: StoreParams, query: AwardRequestQuery },
  responses: {
    200: ok('Award requests', z.object({ items: z.array(PointsAwardRequest) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const approveAward = createRoute({
  method: 'post',
  path: `${base}/points/award-requests/{awardRequestId}/approve`,
  tags,
  summary: "A manager approves a pending award: its points post once, within the store's award cap",
  description:
    'Approving an approved award again returns it and posts nothing; a rejected one is refused (409).',
  request: { params: AwardRequestParams },
  responses: {
    200: ok('The award and what it posted', AwardOutcome),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const rejectAward = createRoute({
  method: 'post',
  path: `${base}/points/award-requests/{awardRequestId}/reject`,
  tags,
  summary: 'A manager rejects a pending award, with the reason',
  description: 'Rejecting a rejected award again changes nothing; an approved one is refused (409).',
  request: { params: AwardRequestParams, body: json(RejectAwardInput) },
  responses: { 200: ok('The award', AwardOutcome), ...errorResponses(400, 401, 403, 404, 409) },
});
const adjust = createRoute({
  method: 'post',
  path: `${base}/points/adjustments`,
  tags,
  summary: "A manager's adjustment with its reason; never below zero",
  request: { params: StoreParams, body: json(AdjustPointsInput) },
  responses: { 200: ok('Posted', Posted), ...errorResponses(400, 401, 403, 404, 409) },
});
const listItems = createRoute({
  method: 'get',
  path: `${base}/catalogue`,
  tags,
  summary: 'The redemption catalogue with stock',
  request: { params: StoreParams },
  responses: {
    200: ok('Items', z.object({ items: z.array(RedemptionItem) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const saveItem = createRoute({
  method: 'post',
  path: `${base}/catalogue`,
  tags,
  summary: 'Add a catalogue item, or replace the one with this code (details and stock)',
  request: { params: StoreParams, body: json(SaveRedemptionItemInput) },
  responses: { 200: ok('Item', RedemptionItem), ...errorResponses(400, 401, 403, 404) },
});
const redeem = createRoute({
  method: 'post',
  path: `${base}/redemptions`,
  tags,
  summary: 'Redeem points for a catalogue item, once confirmed: stock and balance in one transaction',
  request: { params: StoreParams, body: json(RedeemInput) },
  responses: { 201: ok('Redeemed', Redemption), ...errorResponses(400, 401, 403, 404, 409) },
});
const quote = createRoute({
  method: 'post',
  path: `${base}/quotes`,
  tags,
  summary: "The member discount on an order before payment, line by line, citing the store's rule",
  request: { params: StoreParams, body: json(OrderQuoteInput) },
  responses: { 200: ok('Quote', OrderQuote), ...errorResponses(400, 401, 403, 404) },
});

export function membershipRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listCards, async (c) =>
      c.json(
        await listMemberCards({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          query: c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi(issueCard, async (c) =>
      c.json(
        await issueMemberCard({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(getCard, async (c) =>
      c.json(await getMemberCardPage({ db, actor: actorOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi(renew, async (c) =>
      c.json(
        await renewMemberCard({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(reportLost, async (c) =>
      c.json(
        await reportMemberCardLost({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(reissue, async (c) =>
      c.json(
        await reissueMemberCard({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(cancel, async (c) =>
      c.json(
        await cancelMemberCard({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(getSettings, async (c) =>
      c.json(
        await getMembershipSettings({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }),
        200,
      ),
    )
    .openapi(saveSettings, async (c) =>
      c.json(
        await saveMembershipSettings({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(award, async (c) =>
      c.json(
        await awardPoints({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(listAwards, async (c) =>
      c.json(
        {
          items: await listAwardRequests({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            query: c.req.valid('query'),
          }),
        },
        200,
      ),
    )
    .openapi(approveAward, async (c) =>
      c.json(
        await approveAwardRequest({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          awardRequestId: c.req.valid('param').awardRequestId,
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(rejectAward, async (c) =>
      c.json(
        await rejectAwardRequest({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          awardRequestId: c.req.valid('param').awardRequestId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(adjust, async (c) =>
      c.json(
        await adjustPoints({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(listItems, async (c) =>
      c.json(
        {
          items: await listRedemptionItems({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }),
        },
        200,
      ),
    )
    .openapi(saveItem, async (c) =>
      c.json(
        await saveRedemptionItem({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(redeem, async (c) =>
      c.json(
        await redeemPoints({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(quote, async (c) =>
      c.json(
        await quoteOrder({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
        }),
        200,
      ),
    );
}
