import { closeCallbackBySurveyReply } from '../callbacks/survey.ts';
import { checkMobile } from '../customers/phone.ts';
import type { Database } from '../db/database.ts';
import { replyMeaning } from './reply-meaning.ts';
import type { InboundReply } from './schema.ts';

export interface RecordedReply {
  id: string;
  /** The message it answers (null: none); see `recordInboundReply`. */
  messageId: string | null;
  meaning: 'score' | 'optOut' | 'unclear' | 'other';
  score: number | null;
  /** The reply opted the customer out, whatever else it said (`10分 退订`). */
  optedOut: boolean;
  flagged: boolean;
  /** False when the gateway posted this reply before (same reply id): nothing changed. */
  created: boolean;
}

/**
 * Records a customer's reply and acts on it. It is matched to the last message this store
 * sent to that number — or, when a survey to that number was asked for later and still
 * waits in the queue (quiet hours), to that survey: the customer answers what the store
 * told them to expect, and the reply is not lost. An opt-out word anywhere in the reply
 * (TD, 退订, 取消, …) opts out every customer of the store with that number, whatever the
 * message was. A reply to a survey is read as a score (see `replyMeaning`) that closes the
 * survey's callback task; an unclear one is flagged for a person. A survey answered with
 * a score before it went is not sent any more (suppressed, reason `answered`). A reply to
 * anything else that is not an opt-out is kept as `other`, unflagged.
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
      select id, message_id, meaning, score, opted_out, flagged, false as created from sms_replies
      where store_id = ${storeId} and external_id = ${reply.replyId}`;
    const [known] = await recorded();
    if (known) return known;
    const [sent] = await tx<{ id: string; customerId: string | null; reason: string; at: Date }[]>`
      select id, customer_id, reason, sent_at as at from sms_messages
      where store_id = ${storeId} and phone = ${phone} and status in ('sent', 'delivered')
        and sent_at <= ${receivedAt}
      order by sent_at desc limit 1`;
    const [waiting] = await tx<{ id: string; customerId: string | null; reason: string; at: Date }[]>`
      select id, customer_id, reason, queued_at as at from sms_messages
      where store_id = ${storeId} and phone = ${phone} and status = 'queued' and reason = 'survey'
        and queued_at <= ${receivedAt}
      order by queued_at desc limit 1`;
    const early = waiting !== undefined && (sent === undefined || waiting.at > sent.at);
    const last = early ? waiting : sent;
    const read = replyMeaning(reply.text);
    const survey = last?.reason === 'survey';
    const meaning =
      survey && read.score !== null
        ? 'score'
        : survey && read.unclear
          ? 'unclear'
          : read.optOut
            ? 'optOut'
            : 'other';
    const score = meaning === 'score' ? read.score : null;
    if (read.optOut) {
      await tx`
        update customers set sms_opted_out = true, updated_at = now()
        where store_id = ${storeId} and mobile = ${phone} and not sms_opted_out`;
    }
    const [row] = await tx<RecordedReply[]>`
      insert into sms_replies (tenant_id, store_id, external_id, phone, text, received_at, message_id, customer_id,
        meaning, score, opted_out, flagged)
      values (${tenantId}, ${storeId}, ${reply.replyId}, ${phone}, ${reply.text}, ${receivedAt}, ${last?.id ?? null},
        ${last?.customerId ?? null}, ${meaning}, ${score}, ${read.optOut}, ${meaning === 'unclear'})
      on conflict (tenant_id, store_id, external_id) do nothing
      returning id, message_id, meaning, score, opted_out, flagged, true as created`;
    if (row && last && score !== null) {
      // A survey's score closes the callback task it was sent for.
      await closeCallbackBySurveyReply(tx, tenantId, { messageId: last.id, score, at: receivedAt });
      // Answered before it left: asking again would ask for what the customer already gave. A
      // send in flight holds the row's lock; this waits for it and then finds it sent.
      if (early)
        await tx`
          update sms_messages set status = 'suppressed', status_reason = 'answered', updated_at = now()
          where id = ${last.id} and status = 'queued'`;
    }
    // The same reply posted twice at once: the other request recorded it.
    const [result] = row ? [row] : await recorded();
    if (!result) throw new Error('reply neither recorded nor found');
    return result;
  });
}
