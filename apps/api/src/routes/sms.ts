import {
  AppError,
  CampaignPreview,
  CampaignPreviewQuery,
  DeliveryReceipt,
  getSmsSettings,
  InboundReply,
  listSmsMessages,
  previewCampaign,
  previewSms,
  recordDeliveryReceipt,
  recordInboundReply,
  SaveSmsSettingsInput,
  SendSmsInput,
  SmsLogExportQuery,
  SmsLogQuery,
  SmsMessage,
  SmsPreview,
  SmsPreviewInput,
  SmsSettings,
  saveSmsSettings,
  sendLogWorkbook,
  sendSmsToCustomer,
  verifyWebhook,
  webhookSecretOf,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['sms'];
const base = '/stores/{storeId}/sms';

const list = createRoute({
  method: 'get',
  path: `${base}/messages`,
  tags,
  summary:
    'The send log (短信发送记录表), newest first, with replies; filters by status, reason, customer, number, time',
  request: { params: StoreParams, query: SmsLogQuery },
  responses: {
    200: ok('Messages', z.object({ items: z.array(SmsMessage) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const send = createRoute({
  method: 'post',
  path: `${base}/messages`,
  tags,
  summary: 'Send a message to a customer (a template rendered for them); queued, then sent by the pipeline',
  request: { params: StoreParams, body: json(SendSmsInput) },
  responses: { 202: ok('Queued', SmsMessage), ...errorResponses(400, 401, 403, 404) },
});
const preview = createRoute({
  method: 'post',
  path: `${base}/preview`,
  tags,
  summary: 'A template as a real customer would read it: signature, parts, forbidden-phrase warnings',
  request: { params: StoreParams, body: json(SmsPreviewInput) },
  responses: { 200: ok('Preview', SmsPreview), ...errorResponses(400, 401, 403, 404) },
});
const exportLog = createRoute({
  method: 'get',
  path: `${base}/messages.xlsx`,
  tags,
  summary:
    '短信发送记录表 as XLSX with the log’s filters, laid out like the seed (name, number, reason, type, time, status, reply); audited',
  request: { params: StoreParams, query: SmsLogExportQuery },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403, 404),
  },
});
const campaignPreview = createRoute({
  method: 'get',
  path: `${base}/campaign-preview`,
  tags,
  summary:
    'What the next nightly scan would send (dry run: the scan’s own rules, nothing queued): per reason, with a sample of recipients',
  request: { params: StoreParams, query: CampaignPreviewQuery },
  responses: { 200: ok('Preview', CampaignPreview), ...errorResponses(400, 401, 403, 404) },
});
const getSettings = createRoute({
  method: 'get',
  path: `${base}/settings`,
  tags,
  summary: "The store's SMS provider, gateway, rate limit and webhook addresses",
  request: { params: StoreParams },
  responses: { 200: ok('Settings', SmsSettings), ...errorResponses(400, 401, 403, 404) },
});
const putSettings = createRoute({
  method: 'put',
  path: `${base}/settings`,
  tags,
  summary:
    "Choose the store's SMS provider (log or HTTP gateway) and its settings; the gateway URL must be https to a host the platform allows (SMS_GATEWAY_ALLOWED_HOSTS), never an internal address",
  request: { params: StoreParams, body: json(SaveSmsSettingsInput) },
  responses: { 200: ok('Settings', SmsSettings), ...errorResponses(400, 401, 403, 404) },
});

export function smsRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      const items = await listSmsMessages({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        query: c.req.valid('query'),
      });
      return c.json({ items }, 200);
    })
    .openapi(exportLog, async (c) => {
      const workbook = await sendLogWorkbook({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        query: c.req.valid('query'),
        requestId: c.get('requestId'),
      });
      return c.body(workbook.bytes.buffer as ArrayBuffer, 200, downloadHeaders(workbook.fileName));
    })
    .openapi(campaignPreview, async (c) =>
      c.json(
        await previewCampaign({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          query: c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi(send, async (c) =>
      c.json(
        await sendSmsToCustomer({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
        }),
        202,
      ),
    )
    .openapi(preview, async (c) =>
      c.json(
        await previewSms({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi(getSettings, async (c) =>
      c.json(await getSmsSettings({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }), 200),
    )
    .openapi(putSettings, async (c) =>
      c.json(
        await saveSmsSettings({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
        }),
        200,
      ),
    );
}

const HookParams = z.object({
  tenantId: z.uuid().openapi({ param: { name: 'tenantId', in: 'path' } }),
  storeId: z.uuid().openapi({ param: { name: 'storeId', in: 'path' } }),
});
const signatureHeaders = z.object({
  'x-sms-timestamp': z.string().openapi({ description: 'Unix milliseconds' }),
  'x-sms-signature': z.string().openapi({
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the webhook secret>',
  }),
});
const hookBase = '/webhooks/sms/{tenantId}/{storeId}';

const receipts = createRoute({
  method: 'post',
  path: `${hookBase}/receipts`,
  tags,
  summary: "The gateway's delivery receipt (signed); a duplicate or late receipt changes nothing",
  security: [],
  request: { params: HookParams, headers: signatureHeaders, body: json(DeliveryReceipt) },
  responses: {
    200: ok('Recorded', z.object({ matched: z.boolean(), changed: z.boolean() })),
    ...errorResponses(400, 401),
  },
});
const replies = createRoute({
  method: 'post',
  path: `${hookBase}/replies`,
  tags,
  summary:
    "A customer's reply (signed): matched to the last message to that number, or to a survey still waiting in the queue; scores anywhere in the reply, opt-outs (TD/退订/取消) in any reply",
  security: [],
  request: { params: HookParams, headers: signatureHeaders, body: json(InboundReply) },
  responses: {
    200: ok(
      'Recorded',
      z.object({
        id: z.uuid(),
        messageId: z.uuid().nullable(),
        meaning: z.enum(['score', 'optOut', 'unclear', 'other']),
        score: z.number().int().nullable(),
        optedOut: z.boolean().describe('An opt-out word (TD, 退订, 取消, …) anywhere in the reply'),
        flagged: z.boolean(),
        created: z.boolean(),
      }),
    ),
    ...errorResponses(400, 401),
  },
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Webhooks from a store's SMS gateway: no session or token, but a signature made with the
 * store's webhook secret over the raw body, checked before the body is even parsed. Any
 * failure (unknown store, wrong or stale signature) is the same 401.
 */
export function smsWebhookRoutes({ db }: Deps) {
  const signed = createMiddleware<AppEnv>(async function signedBySmsGateway(c, next) {
    const { tenantId = '', storeId = '' } = c.req.param() as Record<string, string>;
    const rawBody = await c.req.text();
    const secret =
      uuid.test(tenantId) && uuid.test(storeId) ? await webhookSecretOf(db, tenantId, storeId) : null;
    const valid =
      secret !== null &&
      verifyWebhook({
        secret,
        timestamp: c.req.header('x-sms-timestamp'),
        signature: c.req.header('x-sms-signature'),
        rawBody,
      });
    if (!valid) throw new AppError('UNAUTHENTICATED', 'Missing, stale or wrong webhook signature');
    await next();
  });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/webhooks/sms/:tenantId/:storeId/*', signed);
  return app
    .openapi(receipts, async (c) => {
      const { tenantId, storeId } = c.req.valid('param');
      return c.json(
        await recordDeliveryReceipt({ db, tenantId, storeId, receipt: c.req.valid('json') }),
        200,
      );
    })
    .openapi(replies, async (c) => {
      const { tenantId, storeId } = c.req.valid('param');
      return c.json(await recordInboundReply({ db, tenantId, storeId, reply: c.req.valid('json') }), 200);
    });
}
