import type { Database, Tx } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { defaultJobOptions } from '../queues/backend.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { SmsProviderError } from './providers/provider.ts';
import { nextAllowedSendTime } from './quiet-hours.ts';
import { providerFor, type StoreSmsSettings, storeSmsSettings } from './settings.ts';

export type DeliveryOutcome =
  | { outcome: 'sent'; providerMessageId: string | null }
  | { outcome: 'deferred'; until: string; why: 'quietHours' | 'rateLimit' }
  | { outcome: 'suppressed' }
  /** Already sent, failed or suppressed, or deferred by an earlier run: nothing to do. */
  | { outcome: 'skipped' }
  /** A transient failure: the job should be retried (with the queue's backoff). */
  | { outcome: 'retry'; reason: string }
  | { outcome: 'failed'; reason: string };

interface Pending {
  id: string;
  storeId: string;
  phone: string;
  body: string;
  segments: number;
  category: string;
  status: string;
  notBefore: string | null;
  attempts: number;
  timeZone: string;
  signature: string;
  optedOut: boolean;
}

export interface DeliverSmsOptions {
  db: Database;
  tenantId: string;
  messageId: string;
  now?: () => Date;
  /** After this many provider attempts a transient failure is final (the queue's attempts). */
  maxAttempts?: number;
}

const pendingMessage = (tx: Tx, messageId: string, lock: boolean) => tx<Pending[]>`
  select m.id, m.store_id, m.phone, m.body, m.segments, m.category, m.status, m.not_before, m.attempts,
    s.time_zone, s.sms_signature as signature,
    exists (select 1 from customers c where c.tenant_id = m.tenant_id and c.store_id = m.store_id
      and c.sms_opted_out
      -- The tail lets the number's branch use its index; the customer's id uses the key.
      and (c.id = m.customer_id or (c.mobile_tail = right(m.phone, 4) and c.mobile = m.phone))) as opted_out
  from sms_messages m join stores s on s.tenant_id = m.tenant_id and s.id = m.store_id
  where m.id = ${messageId}
  ${lock ? tx`for update of m` : tx``}`;

/** Sets the message aside until `until` and asks for a job then; only one deferral wins a race. */
async function defer(
  tx: Tx,
  tenantId: string,
  messageId: string,
  now: Date,
  until: Date,
  why: 'quietHours' | 'rateLimit',
): Promise<DeliveryOutcome> {
  const [row] = await tx`
    update sms_messages set not_before = ${until.toISOString()}, status_reason = ${why}, updated_at = now()
    where id = ${messageId} and status = 'queued' and (not_before is null or not_before <= ${now.toISOString()})
    returning id`;
  if (!row) return { outcome: 'skipped' };
  await enqueue(
    tx,
    tenantId,
    'sms.send',
    { messageId },
    { delayMs: Math.max(0, until.getTime() - now.getTime()) },
  );
  return { outcome: 'deferred', until: until.toISOString(), why };
}

/** Takes one send from the store's per-minute allowance; false when the minute is used up. */
async function takeRateSlot(tx: Tx, tenantId: string, storeId: string, limit: number, window: Date) {
  // Every send of a store takes this one row: committing without waiting for the WAL flush
  // keeps the row's lock for microseconds, not a disk write. A crash can forget the last
  // few counts of the minute, which only lets a few more through; the send itself stays durable.
  await tx`set local synchronous_commit = off`;
  const [row] = await tx`
    insert into sms_rate_windows as w (tenant_id, store_id, window_start, used)
    values (${tenantId}, ${storeId}, ${window.toISOString()}, 1)
    on conflict (tenant_id, store_id, window_start) do update set used = w.used + 1
    where w.used < ${limit}
    returning used`;
  return Boolean(row);
}

/**
 * Sends one queued message, or says why not yet. In order: a message no longer queued (or
 * deferred to later by another run) is skipped; a customer who opted out gets no reminder
 * or marketing message (suppressed, reason `optedOut`); in the store's quiet hours (its
 * `smsReminder` rule; default 21:00–08:00 on its clock) the message waits for the next
 * allowed minute; past the store's per-minute rate it waits for the next minute. Then it
 * goes to the store's provider with the row locked, so a second run of the same job waits
 * and then finds it sent: with the log provider a message is sent exactly once, and a
 * gateway gets our id with every resend to drop duplicates by. A permanent failure, or a
 * transient one on the last attempt, ends `failed` with the provider's reason.
 */
export async function deliverSms({
  db,
  tenantId,
  messageId,
  now = () => new Date(),
  maxAttempts = defaultJobOptions.attempts,
}: DeliverSmsOptions): Promise<DeliveryOutcome> {
  const started = now();
  const prepared = await db.withTenant(
    tenantId,
    async (tx): Promise<DeliveryOutcome | { settings: StoreSmsSettings; storeId: string }> => {
      const [message] = await pendingMessage(tx, messageId, false);
      if (message?.status !== 'queued') return { outcome: 'skipped' };
      if (message.notBefore && Date.parse(message.notBefore) > started.getTime())
        return { outcome: 'skipped' };
      if (message.optedOut && message.category !== 'transactional') {
        await tx`
        update sms_messages set status = 'suppressed', status_reason = 'optedOut', updated_at = now()
        where id = ${messageId} and status = 'queued'`;
        return { outcome: 'suppressed' };
      }
      const rules = await effectiveRuleSetOf(tx, tenantId, message.storeId, 'smsReminder');
      const { quietHours } = rules.compiled.decide({}, started.toISOString());
      const allowed = nextAllowedSendTime(started, message.timeZone, quietHours);
      if (allowed.getTime() > started.getTime()) {
        return defer(tx, tenantId, messageId, started, allowed, 'quietHours');
      }
      return { settings: await storeSmsSettings(tx, tenantId, message.storeId), storeId: message.storeId };
    },
  );
  if ('outcome' in prepared) return prepared;

  const window = new Date(Math.floor(started.getTime() / 60_000) * 60_000);
  const slot = await db.withTenant(tenantId, async (tx) => {
    if (await takeRateSlot(tx, tenantId, prepared.storeId, prepared.settings.ratePerMinute, window))
      return null;
    // A little spread, so a burst held back does not all arrive in the next minute's first second.
    const until = new Date(window.getTime() + 60_000 + Math.floor(Math.random() * 5_000));
    return defer(tx, tenantId, messageId, started, until, 'rateLimit');
  });
  if (slot) return slot;

  return db.withTenant(tenantId, (tx) => send(tx, messageId, prepared.settings, maxAttempts));
}

async function send(
  tx: Tx,
  messageId: string,
  settings: StoreSmsSettings,
  maxAttempts: number,
): Promise<DeliveryOutcome> {
  const [message] = await pendingMessage(tx, messageId, true);
  if (message?.status !== 'queued') return { outcome: 'skipped' };
  const provider = providerFor(settings);
  const attempts = message.attempts + 1;
  try {
    const result = await provider.send({
      id: message.id,
      phone: message.phone,
      text: message.body,
      signature: message.signature,
      segments: message.segments,
    });
    await tx`
      update sms_messages set status = 'sent', status_reason = null, provider = ${provider.name},
        provider_message_id = ${result.providerMessageId}, attempts = ${attempts}, sent_at = now(), updated_at = now()
      where id = ${messageId}`;
    return { outcome: 'sent', providerMessageId: result.providerMessageId };
  } catch (error) {
    if (!(error instanceof SmsProviderError)) throw error;
    const final = error.permanent || attempts >= maxAttempts;
    await tx`
      update sms_messages set attempts = ${attempts}, provider = ${provider.name}, status_reason = ${error.message},
        status = ${final ? 'failed' : 'queued'}, failed_at = ${final ? tx`now()` : null}, updated_at = now()
      where id = ${messageId}`;
    return final ? { outcome: 'failed', reason: error.message } : { outcome: 'retry', reason: error.message };
  }
}
