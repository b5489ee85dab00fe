import type { Tx } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { queueOf } from '../queues/jobs.ts';
import { sendBatchMaxIds } from './deliver-batch.ts';
import { providerBatchSize } from './providers/provider.ts';
import type { SmsCategory } from './schema.ts';
import { segmentCount, withSignature } from './segments.ts';

export interface SmsRequest {
  storeId: string;
  customerId: string | null;
  vehicleId?: string | null;
  phone: string;
  /** A reminder kind, `survey` or `manual`. */
  reason: string;
  category: SmsCategory;
  /** (customer, reason, period): a second request with the same key is the first message. */
  idempotencyKey: string;
  /** The rendered text, without the signature. */
  text: string;
  signature: string;
  reminderScheduleId?: string | null;
  requestedBy?: string | null;
}

/**
 * Asks for one message inside the caller's transaction: a send-log row (queued) and an
 * outbox row for the `sms` queue, both or neither. Returns the message id and whether
 * this request created it (false: the key was already used, nothing new is sent).
 */
export async function requestSms(
  tx: Tx,
  tenantId: string,
  request: SmsRequest,
): Promise<{ id: string; created: boolean }> {
  const body = withSignature(request.text, request.signature);
  const [created] = await tx<{ id: string }[]>`
    insert into sms_messages (tenant_id, store_id, customer_id, vehicle_id, phone, reason, category,
      idempotency_key, body, segments, reminder_schedule_id, requested_by)
    values (${tenantId}, ${request.storeId}, ${request.customerId}, ${request.vehicleId ?? null}, ${request.phone},
      ${request.reason}, ${request.category}, ${request.idempotencyKey}, ${body}, ${segmentCount(body)},
      ${request.reminderScheduleId ?? null}, ${request.requestedBy ?? null})
    on conflict (tenant_id, store_id, idempotency_key) do nothing
    returning id`;
  if (created) {
    await enqueue(tx, tenantId, 'sms.send', { messageId: created.id });
    return { id: created.id, created: true };
  }
  const [existing] = await tx<{ id: string }[]>`
    select id from sms_messages where store_id = ${request.storeId} and idempotency_key = ${request.idempotencyKey}`;
  if (!existing) throw new Error('sms message neither inserted nor found');
  return { id: existing.id, created: false };
}

/**
 * `requestSms` for a batch (a campaign): one insert for the messages and one for their
 * `sms.sendBatch` outbox rows (a job per store and provider batch). Returns the ids created; requests whose key
 * was used before are skipped.
 */
export async function requestSmsBatch(tx: Tx, tenantId: string, requests: SmsRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const rows = requests.map((r) => {
    const body = withSignature(r.text, r.signature);
    return {
      store_id: r.storeId,
      customer_id: r.customerId,
      vehicle_id: r.vehicleId ?? null,
      phone: r.phone,
      reason: r.reason,
      category: r.category,
      idempotency_key: r.idempotencyKey,
      body,
      segments: segmentCount(body),
      reminder_schedule_id: r.reminderScheduleId ?? null,
      requested_by: r.requestedBy ?? null,
    };
  });
  const created = await tx<{ id: string; storeId: string }[]>`
    insert into sms_messages (tenant_id, store_id, customer_id, vehicle_id, phone, reason, category,
      idempotency_key, body, segments, reminder_schedule_id, requested_by)
    select ${tenantId}, r.store_id, r.customer_id, r.vehicle_id, r.phone, r.reason, r.category, r.idempotency_key,
      r.body, r.segments, r.reminder_schedule_id, r.requested_by
    from jsonb_to_recordset(${tx.json(rows)}) as r(store_id uuid, customer_id uuid, vehicle_id uuid, phone text,
      reason text, category text, idempotency_key text, body text, segments integer, reminder_schedule_id uuid,
      requested_by uuid)
    on conflict (tenant_id, store_id, idempotency_key) do nothing
    returning id, store_id`;
  const ids = created.map((c) => c.id);
  // One job per store and provider batch (500 messages for the log provider, one for a
  // gateway, so the queue's workers share its calls): see deliver-batch.ts.
  const byStore = new Map<string, string[]>();
  for (const c of created) {
    const list = byStore.get(c.storeId);
    if (list) list.push(c.id);
    else byStore.set(c.storeId, [c.id]);
  }
  const providers = byStore.size
    ? await tx<{ storeId: string; provider: 'log' | 'http' }[]>`
        select store_id, provider from sms_settings where store_id = any(${[...byStore.keys()]}::uuid[])`
    : [];
  const jobs: { storeId: string; messageIds: string[] }[] = [];
  for (const [storeId, storeIds] of byStore) {
    const provider = providers.find((p) => p.storeId === storeId)?.provider ?? 'log';
    const size = Math.min(providerBatchSize[provider], sendBatchMaxIds);
    for (let i = 0; i < storeIds.length; i += size)
      jobs.push({ storeId, messageIds: storeIds.slice(i, i + size) });
  }
  if (jobs.length > 0) {
    await tx`
      insert into outbox (tenant_id, queue, name, payload)
      select ${tenantId}, ${queueOf('sms.sendBatch')}, 'sms.sendBatch', j
      from jsonb_array_elements(${tx.json(jobs)}) as j`;
  }
  return ids;
}
