import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { QueueBackend } from '../queues/backend.ts';
import type { JobEnvelope } from '../queues/jobs.ts';

interface OutboxRow {
  tenantId: string;
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  delayMs: number;
}

/**
 * Moves one batch of committed outbox rows to BullMQ, with the outbox id as the job id,
 * and marks them sent in the same transaction that claimed them. If the relay dies after
 * publishing and before committing, the rows are published again: BullMQ drops a second
 * job with the same id while the first is kept, and handlers are idempotent besides.
 * Returns how many rows were moved.
 */
export async function relayOutboxOnce({
  db,
  backend,
  batch = 100,
}: {
  db: Database;
  backend: QueueBackend;
  batch?: number;
}): Promise<number> {
  return db.withoutTenant(async (tx) => {
    const rows = await tx<OutboxRow[]>`select * from app_private.outbox_claim(${batch})`;
    for (const row of rows) {
      const data: JobEnvelope = { tenantId: row.tenantId, payload: row.payload };
      await backend.queue(row.queue).add(row.name, data, { jobId: row.id, delay: row.delayMs || undefined });
    }
    if (rows.length) await tx`select app_private.outbox_mark_sent(${rows.map((r) => r.id)}::uuid[])`;
    return rows.length;
  });
}

export interface Relay {
  stop(): Promise<void>;
}

/** Polls the outbox until stopped; a full batch is followed at once by the next. */
export function startRelay({
  db,
  backend,
  log,
  intervalMs = 200,
}: {
  db: Database;
  backend: QueueBackend;
  log: Logger;
  intervalMs?: number;
}): Relay {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      const moved = await relayOutboxOnce({ db, backend });
      if (moved) log.debug({ moved }, 'outbox relayed');
      if (!stopped)
        timer = setTimeout(
          () => {
            running = tick();
          },
          moved === 100 ? 0 : intervalMs,
        );
    } catch (error) {
      log.error({ err: error }, 'outbox relay failed; retrying');
      if (!stopped)
        timer = setTimeout(() => {
          running = tick();
        }, intervalMs * 5);
    }
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
