import type { Database } from '../db/database.ts';
import type { DeliveryReceipt } from './schema.ts';

/**
 * Records a gateway's delivery receipt. Statuses only move forward (a receipt for a message
 * already delivered or failed changes nothing), so a receipt the gateway sends twice, or
 * late, is harmless. Returns whether this receipt changed the message.
 */
export async function recordDeliveryReceipt({
  db,
  tenantId,
  storeId,
  receipt,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  receipt: DeliveryReceipt;
}): Promise<{ matched: boolean; changed: boolean }> {
  return db.withTenant(tenantId, async (tx) => {
    const match = receipt.messageId
      ? tx`id = ${receipt.messageId}`
      : tx`provider_message_id = ${receipt.providerMessageId ?? ''}`;
    const [message] = await tx<{ id: string; status: string }[]>`
      select id, status from sms_messages where store_id = ${storeId} and ${match} for update`;
    if (!message) return { matched: false, changed: false };
    const at = receipt.at ?? new Date().toISOString();
    const changed =
      receipt.status === 'delivered'
        ? await tx`
            update sms_messages set status = 'delivered', delivered_at = ${at}, status_reason = null,
              sent_at = coalesce(sent_at, ${at}), updated_at = now()
            where id = ${message.id} and status in ('queued', 'sent') returning id`
        : await tx`
            update sms_messages set status = 'failed', failed_at = ${at},
              status_reason = ${receipt.reason ?? 'failed at the carrier'}, updated_at = now()
            where id = ${message.id} and status in ('queued', 'sent') returning id`;
    return { matched: true, changed: changed.length > 0 };
  });
}
