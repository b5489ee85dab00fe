import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { createQueueBackend, type QueueBackend } from '../queues/backend.ts';
import { jobHandlers } from '../queues/handlers.ts';
import { startWorkers } from '../queues/worker.ts';
import { type IsolatedDatabase, isolatedDatabase, type SeededGroup, seedGroup } from '../testing/index.ts';
import { enqueue } from './enqueue.ts';
import { relayOutboxOnce } from './relay.ts';

const log = createLogger({ name: 'test', level: 'silent' });

/** Polls until `check` is true or the time is up. */
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A backend whose queues publish and then throw: a relay that dies after publishing. */
function dyingAfterPublish(backend: QueueBackend): QueueBackend {
  return {
    ...backend,
    queue(name) {
      const queue = backend.queue(name);
      return new Proxy(queue, {
        get(target, prop, receiver) {
          if (prop !== 'add') return Reflect.get(target, prop, receiver);
          return async (...args: Parameters<typeof queue.add>) => {
            await target.add(...args);
            throw new Error('relay process died');
          };
        },
      });
    },
  };
}

describe.each([
  ['redis', true],
  ['postgres', false],
])('outbox on the %s queue backend', (_kind, redis) => {
  let iso: IsolatedDatabase;
  let db: Database;
  let backend: QueueBackend;
  let group: SeededGroup;

  beforeAll(async () => {
    iso = await isolatedDatabase({ redis });
    db = createDatabase({ url: iso.config.databaseAppUrl, max: 4 });
    backend = createQueueBackend({
      redisUrl: iso.config.REDIS_URL,
      databaseUrl: iso.config.databaseAppUrl,
      prefix: iso.config.QUEUE_PREFIX,
    });
    group = await seedGroup(db, { stores: 1 });
  });
  afterAll(async () => {
    await backend.close();
    await db.close();
    await iso.drop();
  });

  const probes = async (note: string) =>
    (
      await iso.owner`select count(*)::int as n from audit_log
        where action = 'system.probe' and details->>'note' = ${note}`
    )[0]?.n as number;

  it('never runs a job requested in a transaction that rolled back', async () => {
    await expect(
      db.withTenant(group.tenantId, async (tx) => {
        await enqueue(tx, group.tenantId, 'system.probe', { note: 'rolled-back' });
        throw new Error('domain change failed');
      }),
    ).rejects.toThrow('domain change failed');
    expect(await relayOutboxOnce({ db, backend })).toBe(0);
    const [row] = await iso.owner`select count(*)::int as n from outbox`;
    expect(row?.n).toBe(0);
    const counts = await backend.queue('system').getJobCounts('waiting', 'delayed', 'active', 'completed');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('runs a committed job exactly once though the relay died after publishing and published again', async () => {
    const id = await db.withTenant(group.tenantId, (tx) =>
      enqueue(tx, group.tenantId, 'system.probe', { note: 'committed' }),
    );
    // First relay publishes, then dies before marking the row sent: the row stays unsent.
    await expect(relayOutboxOnce({ db, backend: dyingAfterPublish(backend) })).rejects.toThrow('died');
    const [unsent] = await iso.owner`select sent_at from outbox where id = ${id}`;
    expect(unsent?.sentAt).toBeNull();
    // The next relay publishes the same row again (same job id) and marks it sent.
    expect(await relayOutboxOnce({ db, backend })).toBe(1);
    expect(await relayOutboxOnce({ db, backend })).toBe(0);
    const queue = backend.queue('system');
    expect((await queue.getJob(id))?.id).toBe(id);
    expect((await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).length).toBe(1);

    const workers = startWorkers({ db, backend, log });
    try {
      await until(async () => (await probes('committed')) === 1);
      await until(async () => (await queue.getJobCounts('completed')).completed === 1);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    // Delivered a second time (a stalled job run again): the effect stays single.
    await jobHandlers['system.probe'](
      { db, tenantId: group.tenantId, jobId: id, log },
      { note: 'committed' },
    );
    expect(await probes('committed')).toBe(1);
  });

  it('fails a job whose payload does not match its schema, for good, without running it', async () => {
    const queue = backend.queue('system');
    const job = await queue.add('system.probe', { tenantId: group.tenantId, payload: { note: 42 } });
    const workers = startWorkers({ db, backend, log });
    try {
      await until(async () => (await queue.getJobState(String(job.id))) === 'failed');
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const failed = await queue.getJob(String(job.id));
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/malformed payload/);
  });
});
