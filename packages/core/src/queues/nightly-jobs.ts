import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from './handlers.ts';
import { runStoreNightly, syncStoreNightly } from './scheduler.ts';

/** A store's scheduler fired: its nightly work goes to the outbox, once per store-local date. */
export const nightlyStoreJob: JobHandler<'nightly.store'> = async ({ db, tenantId, log }, { storeId }) => {
  const result = await runStoreNightly({ db, tenantId, storeId, now: new Date() });
  log.info({ storeId, ...result }, 'store nightly');
};

/** A store was created, deactivated or moved to another time zone: its scheduler follows. */
export const nightlySyncStoreJob: JobHandler<'nightly.syncStore'> = async (
  { db, tenantId, backend, log },
  { storeId },
) => {
  if (!backend) throw new UnrecoverableError('nightly.syncStore runs inside a worker, which has the queues');
  const outcome = await syncStoreNightly({ db, backend, tenantId, storeId });
  log.info({ storeId, outcome }, 'store nightly schedule');
};
