import { reminderSchema } from '@crm/rules';
import { z } from 'zod';
import { Instant, IsoDate } from '../input/calendar.ts';

export const SmsStatus = z.enum(['queued', 'sent', 'delivered', 'failed', 'suppressed']);
export type SmsStatus = z.infer<typeof SmsStatus>;

/** Opt-out stops `reminder` and `marketing` messages; `transactional` ones still go. */
export const SmsCategory = z.enum(['transactional', 'reminder', 'marketing']);
export type SmsCategory = z.infer<typeof SmsCategory>;

/** One row of the send log (短信发送记录表), the number masked, with the customer's replies. */
export const SmsMessage = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    phone: z.string().describe('Masked: the last four digits'),
    reason: z.string().describe('A reminder kind, `survey` or `manual`'),
    category: SmsCategory,
    body: z.string().describe('As sent, with the store signature 【…】'),
    segments: z.number().int(),
    status: SmsStatus,
    statusReason: z.string().nullable(),
    attempts: z.number().int(),
    notBefore: z.string().nullable().describe('Deferred until then (quiet hours, rate limit)'),
    queuedAt: z.string(),
    sentAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    replies: z.array(
      z.object({
        text: z.string(),
        receivedAt: z.string(),
        meaning: z.enum(['score', 'optOut', 'unclear', 'other']),
        score: z.number().int().nullable(),
        optedOut: z.boolean().describe('The reply opted the customer out (退订), whatever else it said'),
        flagged: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'SmsMessage' });
export type SmsMessage = z.infer<typeof SmsMessage>;

export const SmsLogQuery = z.object({
  status: SmsStatus.optional(),
  reason: z.string().trim().min(1).max(40).optional(),
  customerId: z.uuid().optional(),
  phoneTail: z
    .string()
    .regex(/^\d{4,11}$/, 'the last 4 to 11 digits')
    .optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  flagged: z.enum(['true', 'false']).optional().describe('Only messages with a reply flagged for a person'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type SmsLogQuery = z.infer<typeof SmsLogQuery>;

export const SendSmsInput = z
  .object({
    customerId: z.uuid(),
    /** A template with `{variables}`, rendered for this customer (and vehicle). */
    text: z.string().trim().min(1).max(500),
    vehicleId: z.uuid().optional(),
    category: SmsCategory.default('transactional'),
    /** Sending the same key again returns the first message instead of a second one. */
    idempotencyKey: z.string().trim().min(1).max(100).optional(),
  })
  .meta({ id: 'SendSmsInput' });
export type SendSmsInput = z.infer<typeof SendSmsInput>;

export const SmsPreviewInput = z
  .object({
    text: z.string().min(1).max(500),
    customerId: z.uuid().optional(),
    vehicleId: z.uuid().optional(),
    reminder: reminderSchema.optional(),
  })
  .meta({ id: 'SmsPreviewInput' });
export type SmsPreviewInput = z.infer<typeof SmsPreviewInput>;

export const SmsPreview = z
  .object({
    body: z.string().describe('As the customer would read it, signature first'),
    characters: z.number().int(),
    segments: z.number().int(),
    forbiddenPhrases: z
      .array(z.string())
      .describe(
        "The store's forbidden phrases (十句禁言, its complaint settings) found in the text: a warning",
      ),
  })
  .meta({ id: 'SmsPreview' });
export type SmsPreview = z.infer<typeof SmsPreview>;

export const SmsSettings = z
  .object({
    provider: z.enum(['log', 'http']),
    httpUrl: z.url().nullable(),
    httpAuthorizationSet: z.boolean().describe('The Authorization header is write-only'),
    httpBodyTemplate: z.string().nullable(),
    httpTimeoutMs: z.number().int(),
    ratePerMinute: z.number().int(),
    webhookSecret: z.string().describe('Signs receipts and replies the gateway posts (HMAC-SHA256)'),
    receiptsUrl: z.string(),
    repliesUrl: z.string(),
  })
  .meta({ id: 'SmsSettings' });
export type SmsSettings = z.infer<typeof SmsSettings>;

export const SaveSmsSettingsInput = z
  .object({
    provider: z.enum(['log', 'http']),
    httpUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional()
      .describe(
        'The gateway: https to a host the platform allows (SMS_GATEWAY_ALLOWED_HOSTS); loopback, private, link-local and other internal addresses are refused here and again, resolved, at every send',
      ),
    httpAuthorization: z.string().max(500).nullable().optional(),
    httpBodyTemplate: z.string().max(2000).nullable().optional(),
    httpTimeoutMs: z.number().int().min(100).max(60_000).optional(),
    ratePerMinute: z.number().int().min(1).max(100_000).optional(),
    rotateWebhookSecret: z.boolean().optional(),
  })
  .meta({ id: 'SaveSmsSettingsInput' });
export type SaveSmsSettingsInput = z.infer<typeof SaveSmsSettingsInput>;

/** A delivery receipt the gateway posts: our id (the client reference) or the gateway's. */
export const DeliveryReceipt = z
  .object({
    messageId: z.uuid().optional(),
    providerMessageId: z.string().min(1).max(200).optional(),
    status: z.enum(['delivered', 'failed']),
    reason: z.string().max(200).optional(),
    at: Instant.optional(),
  })
  .refine((r) => r.messageId || r.providerMessageId, { message: 'name messageId or providerMessageId' })
  .meta({ id: 'SmsDeliveryReceipt' });
export type DeliveryReceipt = z.infer<typeof DeliveryReceipt>;

/** A customer's reply, as the gateway posts it. */
export const InboundReply = z
  .object({
    replyId: z.string().min(1).max(200),
    from: z.string().min(5).max(20),
    text: z.string().max(1000),
    receivedAt: Instant.optional(),
  })
  .meta({ id: 'SmsInboundReply' });
export type InboundReply = z.infer<typeof InboundReply>;

export const CampaignPreviewQuery = z.object({
  date: IsoDate.optional().describe(
    "The scan's store-local day; default the next nightly scan (02:00 on the store's clock)",
  ),
  sample: z.coerce.number().int().min(0).max(50).default(10).describe('How many recipients to show'),
});
export type CampaignPreviewQuery = z.infer<typeof CampaignPreviewQuery>;

/** What a store's nightly scan would queue: "tomorrow: 132 reminders, 40 first maintenance, …". */
export const CampaignPreview = z
  .object({
    day: z.string().describe('The store-local day the scan decides for'),
    scanAt: z.string().describe('When that scan runs'),
    total: z.number().int().describe('Messages it would queue'),
    byReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    noNumber: z.number().int().describe('Due, but the customer has no mobile number'),
    alreadySent: z.number().int().describe('Due, but already queued or sent for the period: not sent again'),
    stale: z.number().int().describe('Scheduled reminders over a week late: cancelled, not sent'),
    vehicles: z.number().int().describe('Cars the rules were evaluated over'),
    sample: z.array(
      z.object({
        customerId: z.uuid().nullable(),
        customerName: z.string().nullable(),
        plate: z.string().nullable(),
        phone: z.string().describe('Masked: the last four digits'),
        reason: z.string(),
        category: SmsCategory,
        text: z.string().describe('As rendered, without the signature'),
      }),
    ),
  })
  .meta({ id: 'SmsCampaignPreview' });
export type CampaignPreview = z.infer<typeof CampaignPreview>;

/** The send log's filters for its XLSX export (every matching message, up to 10,000). */
export const SmsLogExportQuery = SmsLogQuery.omit({ limit: true });
export type SmsLogExportQuery = z.infer<typeof SmsLogExportQuery>;
