import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import type { Position } from '../identity/schema.ts';
import { insertUser } from '../identity/users.ts';
import { createLogger } from '../logger.ts';
import { relayOutboxOnce, startRelay } from '../outbox/relay.ts';
import { createQueueBackend, type QueueBackend } from '../queues/backend.ts';
import { jobHandlers } from '../queues/handlers.ts';
import { startWorkers } from '../queues/worker.ts';
import { publishBody } from '../rulesets/versions.ts';
import {
  type IsolatedDatabase,
  isolatedDatabase,
  type SeededGroup,
  seedGroup,
  uid,
} from '../testing/index.ts';
import { dispatchComplaint } from './dispatch-complaint.ts';
import { receiveComplaint } from './receive-complaint.ts';

/**
 * The complaint clocks on real BullMQ delayed jobs: a store rule set with a one-minute
 * dispatch clock, and complaints whose 受理时间 lies just under a minute back, so the clock
 * runs out seconds into the test. Each further escalation step follows by half the clock's
 * length (30 s here).
 */
const log = createLogger({ name: 'test', level: 'silent' });
const testClocks = {
  kind: 'complaintSla',
  rules: [
    {
      id: 'test-clocks',
      name: '测试:1分钟派发,1小时方案,2小时答复',
      conditions: {
        all: [{ fact: 'complaint', path: '$.severity', operator: 'in', value: ['ordinary', 'urgent'] }],
      },
      event: {
        type: 'setClocks',
        params: {
          dispatchWithinMinutes: 1,
          solutionPlanWithinHours: 1,
          departmentAnswerWithinHours: 2,
          escalation: ['departmentManager', 'generalManager'],
        },
      },
    },
  ],
};

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let iso: IsolatedDatabase;
let db: Database;
let backend: QueueBackend;
let group: SeededGroup;
let storeId: string;
let crManager: Actor;
const people: Record<'departmentManager' | 'generalManager' | 'advisor', string> = {
  departmentManager: '',
  generalManager: '',
  advisor: '',
};

beforeAll(async () => {
  iso = await isolatedDatabase({ redis: true });
  db = createDatabase({ url: iso.config.databaseAppUrl, max: 6 });
  backend = createQueueBackend({
    redisUrl: iso.config.REDIS_URL,
    databaseUrl: iso.config.databaseAppUrl,
    prefix: iso.config.QUEUE_PREFIX,
  });
  group = await seedGroup(db, { stores: 1 });
  storeId = group.storeIds[0] as string;
  const staff = async (position: Position) =>
    db.withTenant(group.tenantId, (tx) =>
      insertUser(tx, group.tenantId, {
        name: position,
        email: `${position}-${uid()}@clock.test`,
        password: 'Test-password-1',
        locale: 'zh-CN',
        roles: [{ role: 'staff', storeId, position }],
      }),
    );
  people.departmentManager = await staff('department_manager');
  people.generalManager = await staff('general_manager');
  people.advisor = await staff('service_advisor');
  const hq: Actor = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  await publishBody({ db, actor: hq, storeId, kind: 'complaintSla', body: testClocks });
  crManager = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.cr_manager.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'cr_manager', storeId, position: null }],
  };
}, 60_000);
afterAll(async () => {
  await backend.close();
  await db.close();
  await iso.drop();
});

/** A complaint whose dispatch clock runs out `dueInMs` from now (negative: already overdue). */
async function complaintDueIn(dueInMs: number) {
  const receivedAt = new Date(Date.now() + dueInMs - 60_000).toISOString();
  const page = await receiveComplaint({
    db,
    actor: crManager,
    storeId,
    input: {
      channel: 'phone',
      category: 'repairQuality',
      severity: 'ordinary',
      receivedAt,
      complainantName: `客户${uid()}`,
      customerWords: '保养后发动机异响',
    },
  });
  const dispatch = page.allClocks.find((k) => k.clock === 'dispatch');
  if (!dispatch) throw new Error('no dispatch clock');
  return { id: page.complaint.id, clockId: dispatch.id, dueAt: Date.parse(dispatch.dueAt) };
}

const escalations = (clockId: string) =>
  iso.owner<{ userId: string; step: number; createdAt: Date }[]>`
    select user_id, step, created_at from notifications where clock_id = ${clockId} order by created_at, step`;

async function withPipeline<T>(run: () => Promise<T>): Promise<T> {
  const relay = startRelay({ db, backend, log, intervalMs: 50 });
  const workers = startWorkers({ db, backend, log });
  try {
    return await run();
  } finally {
    await relay.stop();
    await Promise.all(workers.map((w) => w.close()));
  }
}

describe('complaint clocks on delayed jobs', () => {
  it('runs the clocks from receipt: a letter dated three days ago is not breached on arrival and escalates to no one', async () => {
    await withPipeline(async () => {
      const receivedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const letterDated = new Date(receivedAt.getTime() - 3 * 86_400_000);
      const page = await receiveComplaint({
        db,
        actor: crManager,
        storeId,
        input: {
          channel: 'letter',
          category: 'repairQuality',
          severity: 'ordinary',
          complainedAt: letterDated.toISOString(),
          receivedAt: receivedAt.toISOString(),
          complainantName: `来信客户${uid()}`,
          customerWords: '三天前寄出的投诉信:保养后异响',
        },
      });
      // Both times kept; the test rule's clocks: 1 min dispatch, 1 h plan, 2 h answer, from receipt.
      expect(Date.parse(page.complaint.complainedAt)).toBe(letterDated.getTime());
      expect(Date.parse(page.complaint.receivedAt)).toBe(receivedAt.getTime());
      expect(
        page.allClocks.map((k) => [
          k.clock,
          Date.parse(k.startedAt) - receivedAt.getTime(),
          Date.parse(k.dueAt) - receivedAt.getTime(),
        ]),
      ).toEqual([
        ['dispatch', 0, 60_000],
        ['plan', 0, 3_600_000],
        ['answer', 0, 7_200_000],
      ]);
      const dispatch = page.allClocks.find((k) => k.clock === 'dispatch');
      // Clocks run from the letter's date would have escalated at once (due three days ago).
      await sleep(2_500);
      expect(await escalations(dispatch?.id ?? '')).toEqual([]);
      const [clock] =
        await iso.owner`select breached_at from complaint_clocks where id = ${dispatch?.id ?? ''}`;
      expect(clock?.breachedAt).toBeNull();
    });
  }, 30_000);

  it('notifies the department manager when the dispatch clock runs out, not before', async () => {
    await withPipeline(async () => {
      const complaint = await complaintDueIn(3_000);
      await sleep(1_500);
      expect(await escalations(complaint.clockId)).toEqual([]);
      await until(async () => (await escalations(complaint.clockId)).length > 0);
      const [first] = await escalations(complaint.clockId);
      expect(first?.userId).toBe(people.departmentManager);
      expect(first?.step).toBe(0);
      const firedAt = first?.createdAt.getTime() ?? 0;
      expect(firedAt).toBeGreaterThanOrEqual(complaint.dueAt);
      expect(firedAt - complaint.dueAt).toBeLessThan(2_000);
      const [clock] =
        await iso.owner`select breached_at from complaint_clocks where id = ${complaint.clockId}`;
      expect(clock?.breachedAt).not.toBeNull();
    });
  }, 30_000);

  it('escalates to the department manager, then half a clock later to the general manager', async () => {
    // Overdue by 27 s: step 0 fires at once, step 1 (due + 30 s) three seconds from now.
    await withPipeline(async () => {
      const complaint = await complaintDueIn(-27_000);
      await until(async () => (await escalations(complaint.clockId)).length === 2);
      const steps = await escalations(complaint.clockId);
      expect(steps.map((s) => [s.step, s.userId])).toEqual([
        [0, people.departmentManager],
        [1, people.generalManager],
      ]);
      const generalAt = steps[1]?.createdAt.getTime() ?? 0;
      expect(generalAt).toBeGreaterThanOrEqual(complaint.dueAt + 30_000);
      expect(generalAt - (complaint.dueAt + 30_000)).toBeLessThan(2_000);
      const timeline = await iso.owner<{ details: { to: string } }[]>`
        select details from complaint_events where complaint_id = ${complaint.id} and kind = 'clockEscalated'
        order by at`;
      expect(timeline.map((e) => e.details.to)).toEqual(['departmentManager', 'generalManager']);
    });
  }, 30_000);

  it('does not fire once the complaint was dispatched in time', async () => {
    await withPipeline(async () => {
      const complaint = await complaintDueIn(2_000);
      await dispatchComplaint({
        db,
        actor: crManager,
        storeId,
        complaintId: complaint.id,
        input: { department: 'service', responsibleUserId: people.advisor },
      });
      // The step's job still runs when due, finds the clock done and does nothing.
      await until(
        async () =>
          (
            await iso.owner`select 1 from processed_jobs where job_key = ${`complaints.clock:${complaint.clockId}:0`}`
          ).length === 1,
      );
      expect(await escalations(complaint.clockId)).toEqual([]);
      const [clock] =
        await iso.owner`select done_at, breached_at from complaint_clocks where id = ${complaint.clockId}`;
      expect(clock?.doneAt).not.toBeNull();
      expect(clock?.breachedAt).toBeNull();
    });
  }, 30_000);

  it('neither loses nor doubles a clock across a worker restart', async () => {
    const complaint = await complaintDueIn(2_500);
    // Published while no worker runs; a worker starts and stops before the clock is due.
    await until(async () => (await relayOutboxOnce({ db, backend })) === 0);
    let workers: Worker[] = startWorkers({ db, backend, log });
    await sleep(500);
    await Promise.all(workers.map((w) => w.close()));
    await sleep(Math.max(0, complaint.dueAt - Date.now()) + 500);
    expect(await escalations(complaint.clockId)).toEqual([]);
    // A new worker picks the overdue delayed job up.
    workers = startWorkers({ db, backend, log });
    try {
      await until(async () => (await escalations(complaint.clockId)).length === 1);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    // Delivered again (a stalled job run a second time): still one notification, one timeline step.
    const [job] = await iso.owner<{ id: string }[]>`
      select id from outbox where payload->>'clockId' = ${complaint.clockId} and payload->>'step' = '0'`;
    await jobHandlers['complaints.clock'](
      { db, tenantId: group.tenantId, jobId: job?.id ?? '', log },
      { clockId: complaint.clockId, step: 0 },
    );
    expect((await escalations(complaint.clockId)).map((n) => n.userId)).toEqual([people.departmentManager]);
    const [steps] = await iso.owner`
      select count(*)::int as n from complaint_events where complaint_id = ${complaint.id} and kind = 'clockEscalated'`;
    expect(steps?.n).toBe(1);
  }, 30_000);
});
