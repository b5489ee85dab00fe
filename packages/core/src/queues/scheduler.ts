import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { defaultJobOptions, type QueueBackend } from './backend.ts';
import type { JobEnvelope, JobName } from './jobs.ts';
import { queueOf } from './jobs.ts';
import { runOnce } from './run-once.ts';

/**
 * The one place repeatable work is declared: each active store gets a BullMQ job
 * scheduler that fires `nightly.store` at this local time in the store's own time zone,
 * and that job enqueues the store's nightly work below. 02:00 is after the day's DMS
 * pushes and imports and well before the store opens (quiet hours end at 08:00, so
 * reminders decided at night go out in the morning).
 */
export const nightlyLocalTime = '02:00';

/** What a store's night consists of; each job pins its clock to the firing (`at`). */
export const nightlyWork = [
  'lostCustomers.nightly',
  'sms.reminderScan',
  'membership.nightly',
  'quality.nightly',
  'callbacks.statisticsNightly',
  'imports.nightly',
] as const satisfies readonly JobName[];

const schedulerPrefix = 'nightly:';

/** The scheduler id of a store: one per store, so upserting it again changes it rather than adding one. */
export const nightlySchedulerId = (tenantId: string, storeId: string) =>
  `${schedulerPrefix}${tenantId}:${storeId}`;

export interface NightlyRepeat {
  /** Cron: minute hour * * *, or with seconds in tests. */
  pattern: string;
  tz: string;
}

/** The cron pattern of a local time (`HH:MM`) every day, in the store's time zone. */
export function nightlyRepeat(timeZone: string, localTime: string = nightlyLocalTime): NightlyRepeat {
  const [hour, minute] = localTime.split(':').map(Number);
  return { pattern: `${minute} ${hour} * * *`, tz: timeZone };
}

export interface ScheduledStore {
  tenantId: string;
  storeId: string;
  timeZone: string;
}

/**
 * Creates or moves a store's nightly scheduler. `repeat` is for tests that need a real
 * firing within seconds; the product always uses the store's time zone at `nightlyLocalTime`.
 */
export async function scheduleStoreNightly(
  backend: QueueBackend,
  store: ScheduledStore,
  repeat: NightlyRepeat = nightlyRepeat(store.timeZone),
): Promise<void> {
  const data: JobEnvelope = { tenantId: store.tenantId, payload: { storeId: store.storeId } };
  await backend
    .queue(queueOf('nightly.store'))
    .upsertJobScheduler(nightlySchedulerId(store.tenantId, store.storeId), repeat, {
      name: 'nightly.store',
      data,
      opts: defaultJobOptions,
    });
}

export interface ReconcileNightlyResult {
  scheduled: number;
  removed: number;
  /** Stores whose night of today had not started though its time had passed (the worker was down). */
  caughtUp: number;
}

const timeOfDay = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    instant,
  );

/**
 * Makes the queue's nightly schedulers match the active stores of every active group: one
 * per store, at the store's time zone; schedulers of stores that were deactivated (or
 * whose group was) are removed. Run on worker start; the store commands keep it in step
 * afterwards through `nightly.syncStore`. With `catchUpAt` (the worker's start), a store
 * whose nightly time has passed today without its night having started gets it now: a
 * worker that was down at 02:00 does not skip the day (runOnce keeps it to once).
 */
export async function reconcileNightlySchedules({
  db,
  backend,
  catchUpAt,
}: {
  db: Database;
  backend: QueueBackend;
  catchUpAt?: Date;
}): Promise<ReconcileNightlyResult> {
  const stores = await db.withoutTenant(
    (tx) => tx<ScheduledStore[]>`select tenant_id, store_id, time_zone from app_private.nightly_stores()`,
  );
  const wanted = new Set(stores.map((s) => nightlySchedulerId(s.tenantId, s.storeId)));
  for (const store of stores) await scheduleStoreNightly(backend, store);
  const queue = backend.queue(queueOf('nightly.store'));
  const existing = await queue.getJobSchedulers(0, -1);
  let removed = 0;
  for (const scheduler of existing) {
    const id = scheduler.id ?? scheduler.key;
    if (!id.startsWith(schedulerPrefix) || wanted.has(id)) continue;
    if (await queue.removeJobScheduler(id)) removed += 1;
  }
  let caughtUp = 0;
  if (catchUpAt) {
    for (const store of stores) {
      if (timeOfDay(catchUpAt, store.timeZone) < nightlyLocalTime) continue;
      const night = await runStoreNightly({
        db,
        tenantId: store.tenantId,
        storeId: store.storeId,
        now: catchUpAt,
      });
      if (night.started) caughtUp += 1;
    }
  }
  return { scheduled: stores.length, removed, caughtUp };
}

/**
 * One store's scheduler after a store command: created or moved to the store's (new) time
 * zone while it is active, removed once it is not. Reads the store as it is now, so
 * commands relayed out of order still end in the right state.
 */
export async function syncStoreNightly({
  db,
  backend,
  tenantId,
  storeId,
}: {
  db: Database;
  backend: QueueBackend;
  tenantId: string;
  storeId: string;
}): Promise<'scheduled' | 'removed'> {
  const [store] = await db.withTenant(
    tenantId,
    (tx) => tx<{ timeZone: string; active: boolean }[]>`
      select s.time_zone, s.active and t.active as active
      from stores s join tenants t on t.id = s.tenant_id where s.id = ${storeId}`,
  );
  if (store?.active) {
    await scheduleStoreNightly(backend, { tenantId, storeId, timeZone: store.timeZone });
    return 'scheduled';
  }
  await backend.queue(queueOf('nightly.store')).removeJobScheduler(nightlySchedulerId(tenantId, storeId));
  return 'removed';
}

export interface StoreNightlyResult {
  /** The store-local day of the firing. */
  day: string;
  /** False when this store's night of `day` had already been started (a second firing). */
  started: boolean;
}

/**
 * A firing of the store's scheduler (its tick): once per store and local date, the
 * nightly work goes to the outbox with the firing's instant pinned, in one transaction
 * with the claim. A scheduler that fires twice in a night (a moved time zone, a stalled
 * job, two workers) starts the night once. An inactive store's firing does nothing.
 */
export async function runStoreNightly({
  db,
  tenantId,
  storeId,
  now,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  now: Date;
}): Promise<StoreNightlyResult> {
  const [store] = await db.withTenant(
    tenantId,
    (tx) =>
      tx<{ timeZone: string; active: boolean }[]>`select time_zone, active from stores where id = ${storeId}`,
  );
  if (!store) throw notFound('Store');
  const day = localDate(now, store.timeZone);
  if (!store.active) return { day, started: false };
  const at = now.toISOString();
  const started = await runOnce(db, tenantId, `nightly:${storeId}:${day}`, async (tx) => {
    for (const name of nightlyWork) await enqueue(tx, tenantId, name, { storeId, at });
  });
  return { day, started };
}
