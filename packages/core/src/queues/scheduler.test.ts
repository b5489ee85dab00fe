import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import { createLogger } from '../logger.ts';
import { startRelay } from '../outbox/relay.ts';
import { deactivateStore, updateStore } from '../tenancy/stores.ts';
import { type IsolatedDatabase, isolatedDatabase, type SeededGroup, seedGroup } from '../testing/index.ts';
import { createQueueBackend, type QueueBackend } from './backend.ts';
import {
  nightlySchedulerId,
  reconcileNightlySchedules,
  runStoreNightly,
  scheduleStoreNightly,
} from './scheduler.ts';
import { startWorkers } from './worker.ts';

const log = createLogger({ name: 'test', level: 'silent' });

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each([
  ['redis', true],
  ['postgres', false],
])('the per-store nightly scheduler on the %s queue backend', (_kind, redis) => {
  let iso: IsolatedDatabase;
  let db: Database;
  let backend: QueueBackend;
  let group: SeededGroup;
  let shanghai: string;
  let losAngeles: string;
  let third: string;
  let hq: Actor;

  beforeAll(async () => {
    iso = await isolatedDatabase({ redis });
    db = createDatabase({ url: iso.config.databaseAppUrl, max: 4 });
    backend = createQueueBackend({
      redisUrl: iso.config.REDIS_URL,
      databaseUrl: iso.config.databaseAppUrl,
      prefix: iso.config.QUEUE_PREFIX,
    });
    group = await seedGroup(db, { stores: 3 });
    [shanghai = '', losAngeles = '', third = ''] = group.storeIds;
    hq = {
      kind: 'user',
      tenantId: group.tenantId,
      userId: group.users.hq_admin.id,
      sessionId: null,
      roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
    };
    await updateStore({
      db,
      actor: hq,
      storeId: losAngeles,
      input: { timeZone: 'America/Los_Angeles' },
    });
    // The commands' sync jobs are the last test's business; this one starts from the reconcile.
    await iso.owner`update outbox set sent_at = now() where name = 'nightly.syncStore'`;
  });
  afterAll(async () => {
    await backend.close();
    await db.close();
    await iso.drop();
  });

  const schedulers = async () =>
    Object.fromEntries(
      (await backend.queue('nightly').getJobSchedulers(0, -1)).map((s) => [
        s.id ?? s.key,
        { pattern: s.pattern, tz: s.tz },
      ]),
    );

  it('gives every active store a scheduler at 02:00 in its own time zone on worker start, idempotently', async () => {
    expect(await reconcileNightlySchedules({ db, backend })).toEqual({
      scheduled: 3,
      removed: 0,
      caughtUp: 0,
    });
    expect(await reconcileNightlySchedules({ db, backend })).toEqual({
      scheduled: 3,
      removed: 0,
      caughtUp: 0,
    });
    expect(await schedulers()).toEqual({
      [nightlySchedulerId(group.tenantId, shanghai)]: { pattern: '0 2 * * *', tz: 'Asia/Shanghai' },
      [nightlySchedulerId(group.tenantId, losAngeles)]: { pattern: '0 2 * * *', tz: 'America/Los_Angeles' },
      [nightlySchedulerId(group.tenantId, third)]: { pattern: '0 2 * * *', tz: 'Asia/Shanghai' },
    });
    // The next firing of the Shanghai store is 02:00 Shanghai = 18:00 UTC.
    const [scheduler] = (await backend.queue('nightly').getJobSchedulers(0, -1)).filter(
      (s) => (s.id ?? s.key) === nightlySchedulerId(group.tenantId, shanghai),
    );
    expect(new Date(scheduler?.next ?? 0).toISOString()).toMatch(/T18:00:00\.000Z$/);
  });

  it('starts a store night once per store-local date, with the firing instant pinned', async () => {
    // 18:30 UTC on 1 March is 02:30 on 2 March in Shanghai and 10:30 on 1 March in Los Angeles.
    const firing = new Date('2026-03-01T18:30:00Z');
    expect(await runStoreNightly({ db, tenantId: group.tenantId, storeId: shanghai, now: firing })).toEqual({
      day: '2026-03-02',
      started: true,
    });
    expect(
      await runStoreNightly({
        db,
        tenantId: group.tenantId,
        storeId: shanghai,
        now: new Date('2026-03-02T03:00:00Z'),
      }),
    ).toEqual({ day: '2026-03-02', started: false });
    expect(await runStoreNightly({ db, tenantId: group.tenantId, storeId: losAngeles, now: firing })).toEqual(
      {
        day: '2026-03-01',
        started: true,
      },
    );
    const rows = await iso.owner<{ name: string; storeId: string; at: string }[]>`
      select name, payload->>'storeId' as store_id, payload->>'at' as at from outbox
      where name in ('sms.reminderScan', 'membership.nightly') order by payload->>'storeId', name`;
    expect(rows.map((r) => [r.name, r.storeId === shanghai ? 'SH' : 'LA', r.at]).sort()).toEqual(
      [
        ['membership.nightly', 'LA', '2026-03-01T18:30:00.000Z'],
        ['membership.nightly', 'SH', '2026-03-01T18:30:00.000Z'],
        ['sms.reminderScan', 'LA', '2026-03-01T18:30:00.000Z'],
        ['sms.reminderScan', 'SH', '2026-03-01T18:30:00.000Z'],
      ].sort(),
    );
    await iso.owner`update outbox set sent_at = now() where sent_at is null`;
  });

  it('catches up a night whose time passed while no worker ran, once, on worker start', async () => {
    // 19:00 UTC on 1 April: 03:00 on 2 April in Shanghai (past 02:00), 12:00 on 1 April in Los Angeles.
    const start = new Date('2026-04-01T19:00:00Z');
    expect(await reconcileNightlySchedules({ db, backend, catchUpAt: start })).toEqual({
      scheduled: 3,
      removed: 0,
      caughtUp: 3,
    });
    expect(await reconcileNightlySchedules({ db, backend, catchUpAt: start })).toMatchObject({ caughtUp: 0 });
    // 17:00 UTC is 01:00 in Shanghai: its night (of 3 April) has not come yet; Los Angeles's of 2 April has.
    const early = new Date('2026-04-02T17:00:00Z');
    expect(await reconcileNightlySchedules({ db, backend, catchUpAt: early })).toMatchObject({ caughtUp: 1 });
    const [claimed] = await iso.owner`
      select count(*)::int as n from processed_jobs where job_key like 'nightly:%:2026-04-0%'`;
    expect(claimed?.n).toBe(4);
    await iso.owner`update outbox set sent_at = now() where sent_at is null`;
  });

  it('fires a real repeatable job that starts the night once, though it fires every second', async () => {
    const workers = startWorkers({ db, backend, log });
    const relay = startRelay({ db, backend, log, intervalMs: 50 });
    const id = nightlySchedulerId(group.tenantId, third);
    // What this firing did, not the nights the earlier tests started for the store.
    const since = new Date();
    try {
      await scheduleStoreNightly(
        backend,
        { tenantId: group.tenantId, storeId: third, timeZone: 'Asia/Shanghai' },
        { pattern: '* * * * * *', tz: 'Asia/Shanghai' },
      );
      const ran = async (name: string) =>
        (
          await iso.owner`select count(*)::int as n from outbox
            where name = ${name} and payload->>'storeId' = ${third} and sent_at is not null
              and created_at >= ${since}`
        )[0]?.n as number;
      await until(
        async () => (await ran('sms.reminderScan')) === 1 && (await ran('membership.nightly')) === 1,
      );
      // Let it fire a few more times: the store's night is already started.
      await until(
        async () => ((await backend.queue('nightly').getJobScheduler(id))?.iterationCount ?? 0) >= 3,
        10_000,
      );
      await until(
        async () => ((await backend.queue('nightly').getJobCounts('completed')).completed ?? 0) >= 3,
      );
      expect(await ran('sms.reminderScan')).toBe(1);
      expect(await ran('membership.nightly')).toBe(1);
      // One night claimed for the store's date of today, however many times the scheduler fired.
      const [claimed] = await iso.owner`
        select count(*)::int as n from processed_jobs where job_key like ${`nightly:${third}:%`}
          and processed_at >= ${since}`;
      expect(claimed?.n).toBe(1);
    } finally {
      await scheduleStoreNightly(backend, {
        tenantId: group.tenantId,
        storeId: third,
        timeZone: 'Asia/Shanghai',
      });
      await relay.stop();
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('follows the store commands: a new time zone moves it, deactivation removes it', async () => {
    const workers = startWorkers({ db, backend, log });
    const relay = startRelay({ db, backend, log, intervalMs: 50 });
    try {
      await updateStore({ db, actor: hq, storeId: shanghai, input: { timeZone: 'Asia/Urumqi' } });
      await deactivateStore({ db, actor: hq, storeId: third });
      const id = (storeId: string) => nightlySchedulerId(group.tenantId, storeId);
      await until(async () => {
        const now = await schedulers();
        return now[id(shanghai)]?.tz === 'Asia/Urumqi' && !(id(third) in now);
      });
      expect(await schedulers()).toEqual({
        [id(shanghai)]: { pattern: '0 2 * * *', tz: 'Asia/Urumqi' },
        [id(losAngeles)]: { pattern: '0 2 * * *', tz: 'America/Los_Angeles' },
      });
      // A store removed while no worker listened is dropped by the next reconcile.
      await scheduleStoreNightly(backend, {
        tenantId: group.tenantId,
        storeId: third,
        timeZone: 'Asia/Shanghai',
      });
      expect(await reconcileNightlySchedules({ db, backend })).toEqual({
        scheduled: 2,
        removed: 1,
        caughtUp: 0,
      });
    } finally {
      await relay.stop();
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
