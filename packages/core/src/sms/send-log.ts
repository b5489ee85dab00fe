import { maskPhone } from '../customers/masking.ts';
import type { Database } from '../db/database.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import type { SmsLogQuery, SmsMessage } from './schema.ts';

export interface ListSmsMessagesOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: SmsLogQuery;
  /** Just this message (the answer to a send). */
  messageId?: string;
}

/** The send log (短信发送记录表), newest first, each message with its replies; numbers masked. */
export async function listSmsMessages({
  db,
  actor,
  storeId,
  query,
  messageId,
}: ListSmsMessagesOptions): Promise<SmsMessage[]> {
  assertStoreCan(actor, storeId, 'sms.read');
  const rows = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return tx<SmsMessage[]>`
      select m.id, m.store_id, m.customer_id, c.name as customer_name, m.phone, m.reason, m.category, m.body,
        m.segments, m.status, m.status_reason, m.attempts, m.not_before, m.queued_at, m.sent_at, m.delivered_at,
        m.failed_at,
        coalesce((select jsonb_agg(jsonb_build_object('text', r.text, 'receivedAt', r.received_at,
            'meaning', r.meaning, 'score', r.score, 'optedOut', r.opted_out, 'flagged', r.flagged) order by r.received_at)
          from sms_replies r where r.tenant_id = m.tenant_id and r.message_id = m.id), '[]') as replies
      from sms_messages m
      left join customers c on c.tenant_id = m.tenant_id and c.id = m.customer_id
      where m.tenant_id = ${actor.tenantId} and m.store_id = ${storeId}
        ${messageId ? tx`and m.id = ${messageId}` : tx``}
        ${query.status ? tx`and m.status = ${query.status}` : tx``}
        ${query.reason ? tx`and m.reason = ${query.reason}` : tx``}
        ${query.customerId ? tx`and m.customer_id = ${query.customerId}` : tx``}
        ${query.phoneTail ? tx`and m.phone like ${`%${query.phoneTail}`}` : tx``}
        ${query.from ? tx`and m.queued_at >= ${query.from}` : tx``}
        ${query.to ? tx`and m.queued_at < ${query.to}` : tx``}
        ${
          query.flagged === 'true'
            ? tx`and exists (select 1 from sms_replies r where r.tenant_id = m.tenant_id and r.message_id = m.id and r.flagged)`
            : tx``
        }
      order by m.queued_at desc, m.id
      limit ${query.limit}`;
  });
  return rows.map((row) => ({ ...row, phone: maskPhone(row.phone) ?? '' }));
}
