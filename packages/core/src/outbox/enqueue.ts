import type { Tx } from '../db/database.ts';
import type { JobName, JobPayloads } from '../queues/jobs.ts';
import { queueOf } from '../queues/jobs.ts';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds after the relay publishes it. */
  delayMs?: number;
}

/**
 * Requests a job inside the caller's transaction: it is published only if the
 * transaction commits, and the outbox row's id becomes the BullMQ job id.
 * Returns the outbox id.
 */
export async function enqueue<N extends JobName>(
  tx: Tx,
  tenantId: string,
  name: N,
  payload: JobPayloads[N],
  { delayMs = 0 }: EnqueueOptions = {},
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into outbox (tenant_id, queue, name, payload, delay_ms)
    values (${tenantId}, ${queueOf(name)}, ${name}, ${tx.json(payload as Parameters<typeof tx.json>[0])}, ${delayMs})
    returning id`;
  if (!row) throw new Error('outbox insert returned nothing');
  return row.id;
}
