import { closeCallbackBySurveyReply } from '../callbacks/survey.ts';
import { checkMobile } from '../customers/phone.ts';
import type { Database } from '../db/database.ts';
import { replyMeaning } from './reply-meaning.ts';
import type { InboundReply } from './schema.ts';

export interface RecordedReply {
  id: string;
  /** The message it answers: the last one sent to that number by this store (null: none). */
  messageId: string | null;
  meaning: 'score' | 'optOut' | 'unclear' | 'other';
  score: number | null;
  flagged: boolean;
  /** False when the gateway posted this reply before (same reply id): nothing changed. */
  created: boolean;
}

/**
 * Records a customer's reply and acts on it. It is matched to the last message this store
 * sent to that number. An opt-out word (TD, 退订, …) opts out every customer of the store
 * with that number, whatever the message was. A reply to a survey is read as a score
 * (see `replyMeaning`); an unclear one is flagged for a person. A reply to anything else
 * that is not an opt-out is kept as `other`, unflagged.
 */
export async function recordInboundReply({
  db,
  tenantId,
  storeId,
  reply,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  reply: InboundReply;
}): Promise<RecordedReply> {
  const checked = checkMobile(reply.from);
  const phone = checked.ok ? checked.phone : reply.from;
  const receivedAt = reply.receivedAt ?? new Date().toISOString();
  return db.withTenant(tenantId, async (tx) => {
    const recorded = () => tx<RecordedReply[]>`
      select id, message_id, meaning, score, flagged, false as created from sms_replies
      where store_id = ${storeId} and external_id = ${reply.replyId}`;
    const [known] = await recorded();
    if (known) return known;
    const [last] = await tx<{ id: string; customerId: string | null; reason: string }[]>`
      select id, customer_id, reason from sms_messages
      where store_id = ${storeId} and phone = ${phone} and status in ('sent', 'delivered')
        and sent_at <= ${receivedAt}
      order by sent_at desc limit 1`;
    const read = replyMeaning(reply.text);
    const survey = last?.reason === 'survey';
    const meaning = read.meaning === 'optOut' ? 'optOut' : survey ? read.meaning : 'other';
    const score = meaning === 'score' && read.meaning === 'score' ? read.score : null;
    if (meaning === 'optOut') {
      await tx`
        update customers set sms_opted_out = true, updated_at = now()
        where store_id = ${storeId} and mobile = ${phone} and not sms_opted_out`;
    }
    const [row] = await tx<RecordedReply[]>`
      insert into sms_replies (tenant_id, store_id, external_id, phone, text, received_at, message_id, customer_id,
        meaning, score, flagged)
      values (${tenantId}, ${storeId}, ${reply.replyId}, ${phone}, ${reply.text}, ${receivedAt}, ${last?.id ?? null},
        ${last?.customerId ?? null}, ${meaning}, ${score}, ${meaning === 'unclear'})
      on conflict (tenant_id, store_id, external_id) do nothing
      returning id, message_id, meaning, score, flagged, true as created`;
    // A survey's score closes the callback task it was sent for.
    if (row && last && score !== null)
      await closeCallbackBySurveyReply(tx, tenantId, { messageId: last.id, score, at: receivedAt });
    // The same reply posted twice at once: the other request recorded it.
    const [result] = row ? [row] : await recorded();
    if (!result) throw new Error('reply neither recorded nor found');
    return result;
  });
}
