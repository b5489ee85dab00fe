import {
  type Actor,
  callbackStatistics,
  callbackStatisticsDirect,
  groupCallbackStatistics,
  groupCallbackStatisticsDirect,
  jobHandlers,
  type StatisticsDimension,
  type StatisticsQuery,
  type StatisticsRow,
} from '@crm/core';
import { type SeededGroup, seedGroup, uid } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { daysAgo, deliveryEvent, repairOrderEvent } from '../support/dms.ts';

/**
 * The monthly roll-up of the satisfaction statistics gives exactly the figures of the direct
 * count — for whole months, ranges with edge days, per store and for HQ — on a scripted data
 * set: two stores in different time zones, a delivery at the instant where their months differ,
 * calls of every kind, a rescheduled task, a call recorded after the roll-up was read, and an
 * event moved to another consultant.
 */
const api = testApi();
let group: SeededGroup;
let hq: Client;
let actor: Actor;
let shanghai: string;
let losAngeles: string;
const db = () => api.deps.db;
const serial = () => Math.floor(Math.random() * 1e7);
const dims: StatisticsDimension[] = ['salesConsultant', 'serviceAdvisor', 'repairTeam'];

const monthOf = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};
const today = () => new Date().toISOString().slice(0, 10);
/** Whole months, a range ending today (an edge), a range starting mid-month (an edge), one day. */
const periods = (): Omit<StatisticsQuery, 'by'>[] => [
  { month: monthOf(0) },
  { month: monthOf(-1) },
  { month: monthOf(-2) },
  { from: `${monthOf(-3)}-01`, to: today() },
  { from: `${monthOf(-3)}-15`, to: new Date(Date.now() - 86_400_000 * 3).toISOString().slice(0, 10) },
  { from: `${monthOf(-1)}-10`, to: `${monthOf(-1)}-20` },
];

async function delivery(at: string, extra: Record<string, unknown>, days = 8) {
  const event = { ...deliveryEvent(serial(), days), ...extra };
  const reply = await hq.ok('POST', `/v1/stores/${at}/events`, { events: [event] });
  return { event, vehicleId: reply.items[0].vehicleId as string };
}

async function taskOf(at: string, vehicleId: string, type = 'sales'): Promise<string> {
  const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${vehicleId}`);
  const task = file.timeline.find(
    (e: { kind: string; summary: { callbackType: string } }) =>
      e.kind === 'callbackTask' && e.summary.callbackType === type,
  );
  if (!task) throw new Error('no callback task');
  return task.id;
}

async function call(at: string, taskId: string, body: Record<string, unknown>) {
  await hq.ok('POST', `/v1/stores/${at}/callbacks/${taskId}/claim`);
  return hq.ok('POST', `/v1/stores/${at}/callbacks/${taskId}/calls`, body);
}

const sales = (score: number, yes = true) => ({
  waitingTime: score,
  productKnowledge: score,
  testDriveOffered: yes,
  deliveryOnTime: true,
  useAndMaintenance: score,
});

/** Every table, per store and for HQ, by both paths; returns the roll-up's. */
async function expectSameAsDirect() {
  const tables: unknown[] = [];
  for (const by of dims)
    for (const period of periods()) {
      const query = { by, ...period } as StatisticsQuery;
      for (const storeId of [shanghai, losAngeles]) {
        const rolledUp = await callbackStatistics({ db: db(), actor, storeId, query });
        expect(rolledUp, `${storeId} ${JSON.stringify(query)}`).toEqual(
          await callbackStatisticsDirect({ db: db(), actor, storeId, query }),
        );
        tables.push(rolledUp);
      }
      const hqTable = await groupCallbackStatistics({ db: db(), actor, query });
      expect(hqTable, JSON.stringify(query)).toEqual(
        await groupCallbackStatisticsDirect({ db: db(), actor, query }),
      );
    }
  return tables;
}

const staleMarks = (storeId: string) =>
  db().withTenant(
    group.tenantId,
    (tx) => tx<{ month: string; dimension: string }[]>`
      select month::text as month, dimension from callback_statistics_stale where store_id = ${storeId}`,
  );

const total = (storeId: string, month: string) =>
  callbackStatistics({ db: db(), actor, storeId, query: { by: 'salesConsultant', month } }).then(
    (t) => t.total,
  );

let rescheduled: string;
let later: string;
let moved: Record<string, unknown>;

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  actor = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  shanghai = (await hq.ok('POST', '/v1/stores', { code: `SH${uid()}`, name: '上海店' })).id;
  losAngeles = (
    await hq.ok('POST', '/v1/stores', {
      code: `LA${uid()}`,
      name: '洛杉矶店',
      timeZone: 'America/Los_Angeles',
    })
  ).id;

  // 03:00 UTC on the first of last month: that day in Shanghai, the month before in Los Angeles.
  const boundary = `${monthOf(-1)}-01T03:00:00.000Z`;
  for (const at of [shanghai, losAngeles]) {
    await delivery(at, { deliveredAt: boundary, salesConsultant: '跨月顾问' });
    await delivery(at, { salesConsultant: '王默' }, 40);
    await delivery(at, { salesConsultant: '李磊' }, 70);
    await delivery(at, { salesConsultant: '李磊' }, 95);
    await delivery(at, {}, 50);
  }
  const wang = { salesConsultant: '王默' };
  const li = { salesConsultant: '李磊' };
  const tasks: string[] = [];
  for (const [at, who, days] of [
    [shanghai, wang, 8],
    [shanghai, wang, 9],
    [shanghai, li, 8],
    [shanghai, li, 10],
    [losAngeles, wang, 8],
    [losAngeles, li, 9],
  ] as const) {
    const { vehicleId } = await delivery(at, who, days);
    tasks.push(await taskOf(at, vehicleId));
  }
  const [s1, s2, s3, s4, l1, l2] = tasks as [string, string, string, string, string, string];
  await call(shanghai, s1, { outcome: 'satisfied', answers: sales(9) });
  await call(shanghai, s2, { outcome: 'dissatisfied', answers: sales(4, false), note: '等太久' });
  await call(shanghai, s3, { outcome: 'unsuccessful', reason: 'poweredOff' });
  await call(shanghai, s4, {
    outcome: 'customerBusy',
    rescheduleTo: new Date(Date.now() + 600_000).toISOString(),
  });
  await call(losAngeles, l1, { outcome: 'satisfied', answers: sales(7) });
  rescheduled = s4;
  later = l2;

  // An order closed four days ago, called: per service advisor and repair team.
  const s = serial();
  await hq.ok('POST', `/v1/stores/${shanghai}/events`, { events: [deliveryEvent(s, 400)] });
  const order = await hq.ok('POST', `/v1/stores/${shanghai}/events`, {
    events: [
      repairOrderEvent(s, {
        openedAt: daysAgo(4.2),
        closedAt: daysAgo(4),
        serviceAdvisor: '梁诚',
        repairTeam: '一组',
      }),
    ],
  });
  const orderTask = await taskOf(shanghai, order.items[0].vehicleId, 'afterSales');
  await call(shanghai, orderTask, {
    outcome: 'satisfied',
    answers: { overall: 8, workExplained: 'partly', diagnosis: 9 },
  });
  moved = (await delivery(shanghai, { salesConsultant: '王默' }, 20)).event;
});
afterAll(() => api.close());

describe('the monthly roll-up of callback statistics', () => {
  it('gives the direct figures, and keeps them in its table once read', async () => {
    await expectSameAsDirect();
    const rows = await db().withTenant(
      group.tenantId,
      (tx) => tx<{ month: string; events: number }[]>`
        select month::text as month, sum(events)::int as events from callback_statistics_monthly
        where store_id = ${shanghai} and dimension = 'salesConsultant' group by 1`,
    );
    const stored = new Map(rows.map((r) => [r.month.slice(0, 7), r.events]));
    const counted: number[] = [];
    for (const month of [monthOf(-2), monthOf(-1), monthOf(0)]) {
      const direct = await callbackStatisticsDirect({
        db: db(),
        actor,
        storeId: shanghai,
        query: { by: 'salesConsultant', month },
      });
      expect(stored.get(month) ?? 0, month).toBe(direct.total.events);
      counted.push(direct.total.events);
    }
    expect(counted.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
    const wholeMonths = new Set(periods().flatMap((p) => (p.month ? [`${p.month}-01`] : [])));
    expect((await staleMarks(shanghai)).filter((m) => wholeMonths.has(m.month))).toEqual([]);
  });

  it('counts the delivery at a month’s first instant in the month of each store’s own time zone', async () => {
    const [last, before] = [monthOf(-1), monthOf(-2)];
    const crossing = (t: { rows: StatisticsRow[] }) => t.rows.find((r) => r.name === '跨月顾问')?.events ?? 0;
    const table = (storeId: string, month: string) =>
      callbackStatistics({ db: db(), actor, storeId, query: { by: 'salesConsultant', month } });
    expect([crossing(await table(shanghai, last)), crossing(await table(shanghai, before))]).toEqual([1, 0]);
    expect([crossing(await table(losAngeles, last)), crossing(await table(losAngeles, before))]).toEqual([
      0, 1,
    ]);
  });

  it('takes in a call recorded after it was read, a rescheduled task reached, and an event moved to another person', async () => {
    const before = {
      sh: await total(shanghai, (await monthOfTask(rescheduled)).slice(0, 7)),
      la: await total(losAngeles, (await monthOfTask(later)).slice(0, 7)),
    };
    await call(shanghai, rescheduled, { outcome: 'satisfied', answers: sales(6) });
    await call(losAngeles, later, { outcome: 'unsuccessful', reason: 'refused' });
    expect((await staleMarks(shanghai)).map((m) => m.dimension)).toContain('salesConsultant');
    const after = {
      sh: await total(shanghai, (await monthOfTask(rescheduled)).slice(0, 7)),
      la: await total(losAngeles, (await monthOfTask(later)).slice(0, 7)),
    };
    expect(after.sh).toMatchObject({ reached: before.sh.reached + 1, attempted: before.sh.attempted });
    expect(after.sh.basicallySatisfied).toBe(before.sh.basicallySatisfied + 1);
    expect(after.la).toMatchObject({
      attempted: before.la.attempted + 1,
      unsuccessful: { refusedOrNoAnswer: before.la.unsuccessful.refusedOrNoAnswer + 1 },
    });

    // The same delivery again, now naming another consultant: 王默 loses it, 赵新 has it.
    await hq.ok('POST', `/v1/stores/${shanghai}/events`, { events: [{ ...moved, salesConsultant: '赵新' }] });
    const tables = await expectSameAsDirect();
    expect(tables.length).toBeGreaterThan(0);
    const range = await callbackStatistics({
      db: db(),
      actor,
      storeId: shanghai,
      query: { by: 'salesConsultant', from: `${monthOf(-3)}-01`, to: today() },
    });
    expect(range.rows.find((r) => r.name === '赵新')?.events).toBe(1);
  });

  it('is brought up to date by the store’s night, once, so the first read finds nothing stale', async () => {
    await call(losAngeles, await taskOf(losAngeles, (await delivery(losAngeles, {}, 9)).vehicleId), {
      outcome: 'satisfied',
      answers: sales(10),
    });
    expect((await staleMarks(losAngeles)).length).toBeGreaterThan(0);
    const before = await staleMarks(shanghai);
    const ctx = { db: db(), tenantId: group.tenantId, jobId: 'test', log: api.deps.log };
    await jobHandlers['callbacks.statisticsNightly'](ctx, { storeId: losAngeles });
    expect(await staleMarks(losAngeles)).toEqual([]);
    // Only its own store: the other store's marks wait for that store's night.
    expect(await staleMarks(shanghai)).toEqual(before);
    const stored = () =>
      db().withTenant(
        group.tenantId,
        (tx) => tx<{ n: number }[]>`
          select count(*)::int as n from callback_statistics_monthly where store_id = ${losAngeles}`,
      );
    const [rows] = await stored();
    await jobHandlers['callbacks.statisticsNightly'](ctx, { storeId: losAngeles });
    expect(await stored()).toEqual([rows]);
    await expectSameAsDirect();
  });
});

async function monthOfTask(taskId: string): Promise<string> {
  const [row] = await db().withTenant(
    group.tenantId,
    (tx) => tx<{ on: string }[]>`
      select d.delivered_on::text as on from callback_tasks t join deliveries d on d.id = t.source_id where t.id = ${taskId}`,
  );
  return row?.on ?? '';
}
