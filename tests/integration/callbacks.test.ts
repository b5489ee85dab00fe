import {
  type Actor,
  deliverSms,
  localDate,
  recordInboundReply,
  runCallbackWindow,
  type StatisticsRow,
  todaysQueue,
} from '@crm/core';
import { type SeededGroup, seedGroup, testPassword, uid } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { daysAgo, deliveryEvent, repairOrderEvent } from '../support/dms.ts';

/**
 * Callbacks through the API: tasks from deliveries and orders, their windows as delayed
 * jobs, assignment, the claim two specialists race for, the queue of today, every outcome
 * with what it sets off (complaint records, uncertain customer, SMS survey and its reply),
 * and the satisfaction statistics of a scripted period, written out by hand.
 */
const api = testApi();
let group: SeededGroup;
let storeId: string;
let cr: Client;
let agent: Client;
let agent2: Client;
let agent2Id: string;
let hq: Client;
const db = () => api.deps.db;

const sales = (answers: [number, number, number], yes = true) => ({
  waitingTime: answers[0],
  productKnowledge: answers[1],
  testDriveOffered: yes,
  deliveryOnTime: true,
  useAndMaintenance: answers[2],
});

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  storeId = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  cr = new Client(api.app);
  await cr.login(group.users.cr_manager.email, group.users.cr_manager.password);
  agent = new Client(api.app);
  await agent.login(group.users.callback_agent.email, group.users.callback_agent.password);
  const second = await hq.ok('POST', '/v1/users', {
    name: '回访专员二',
    email: `agent2@${group.code}.test`,
    password: testPassword,
    roles: [
      { role: 'callback_agent', storeId },
      { role: 'callback_agent', storeId: group.storeIds[1] },
    ],
  });
  agent2Id = second.id;
  agent2 = new Client(api.app);
  await agent2.login(`agent2@${group.code}.test`, testPassword);
});
afterAll(() => api.close());

const serial = () => Math.floor(Math.random() * 1e7);

/** A car delivered `days` ago at the store (8: its 7–10 day sales window is open today); the task id. */
async function salesTask(at = storeId, extra: Record<string, unknown> = {}, days = 8): Promise<string> {
  const event = { ...deliveryEvent(serial(), days), ...extra };
  const reply = await hq.ok('POST', `/v1/stores/${at}/events`, { events: [event] });
  const vehicleId = reply.items[0].vehicleId;
  const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${vehicleId}`);
  const task = file.timeline.find((e: { kind: string }) => e.kind === 'callbackTask');
  if (!task) throw new Error(`no callback task: ${JSON.stringify(file.timeline)}`);
  return task.id;
}

const taskPath = (taskId: string, at = storeId) => `/v1/stores/${at}/callbacks/${taskId}`;

async function call(client: Client, taskId: string, body: Record<string, unknown>, at = storeId) {
  await client.ok('POST', `${taskPath(taskId, at)}/claim`);
  return client.ok('POST', `${taskPath(taskId, at)}/calls`, body);
}

function agentActor(userId: string): Actor {
  return {
    kind: 'user',
    tenantId: group.tenantId,
    userId,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'callback_agent', storeId, position: null }],
  };
}

describe('callback tasks and their windows', () => {
  it('opens a sales callback 7 to 10 days after delivery, with its window jobs requested', async () => {
    const taskId = await salesTask();
    const page = await agent.ok('GET', taskPath(taskId));
    expect(page.task).toMatchObject({ callbackType: 'sales', state: 'scheduled', attempts: 0 });
    expect(page.task.opensOn).toBe(localDate(daysAgo(1), 'Asia/Shanghai'));
    expect(page.task.closesOn).toBe(localDate(daysAgo(-2), 'Asia/Shanghai'));
    const jobs = await db().withTenant(
      group.tenantId,
      (tx) =>
        tx<{ edge: string }[]>`
        select payload->>'edge' as edge from outbox where name = 'callbacks.window' and payload->>'taskId' = ${taskId}
        order by 1`,
    );
    expect(jobs.map((j) => j.edge)).toEqual(['close', 'open']);
  });

  it('makes the task due when its window opens and gives it to a specialist in turn; running the job twice changes nothing', async () => {
    const taskId = await salesTask();
    expect(await runCallbackWindow({ db: db(), tenantId: group.tenantId, taskId, edge: 'open' })).toBe(
      'opened',
    );
    expect(await runCallbackWindow({ db: db(), tenantId: group.tenantId, taskId, edge: 'open' })).toBe(
      'unchanged',
    );
    const page = await cr.ok('GET', taskPath(taskId));
    expect(page.task.state).toBe('due');
    expect([group.users.callback_agent.id, agent2Id]).toContain(page.task.assignedTo);
  });

  it('waits for a window that opens later, and asks for the next leg instead of opening early', async () => {
    const taskId = await salesTask(storeId, {}, 2);
    expect(await runCallbackWindow({ db: db(), tenantId: group.tenantId, taskId, edge: 'open' })).toBe(
      'waiting',
    );
    expect((await cr.ok('GET', taskPath(taskId))).task.state).toBe('scheduled');
  });

  it('fails a task whose window closed with no contact', async () => {
    const taskId = await salesTask();
    const page = await cr.ok('GET', taskPath(taskId));
    const afterClose = new Date(`${page.task.closesOn}T16:00:01Z`); // the next day 00:00:01 in Shanghai
    expect(
      await runCallbackWindow({ db: db(), tenantId: group.tenantId, taskId, edge: 'close', now: afterClose }),
    ).toBe('failed');
    const failed = await cr.ok('GET', taskPath(taskId));
    expect(failed.task).toMatchObject({ state: 'failed', failedReason: 'windowClosed' });
    expect((await agent.request('POST', `${taskPath(taskId)}/claim`)).status).toBe(409);
  });

  it('assigns by hand and round-robin over the store’s specialists', async () => {
    const [a, b] = [await salesTask(), await salesTask()];
    expect(
      await cr.ok('POST', `/v1/stores/${storeId}/callback-assignments`, {
        taskIds: [a, b],
        userId: agent2Id,
      }),
    ).toEqual({
      assigned: 2,
    });
    expect((await cr.ok('GET', taskPath(a))).task.assignedTo).toBe(agent2Id);
    await cr.ok('POST', `/v1/stores/${storeId}/callback-assignments`, { taskIds: [a, b] });
    const owners = [
      (await cr.ok('GET', taskPath(a))).task.assignedTo,
      (await cr.ok('GET', taskPath(b))).task.assignedTo,
    ];
    expect(new Set(owners)).toEqual(new Set([group.users.callback_agent.id, agent2Id]));
    const refused = await cr.request('POST', `/v1/stores/${storeId}/callback-assignments`, {
      taskIds: [a],
      userId: group.users.receptionist.id,
    });
    expect(refused.status).toBe(400);
  });
});

describe('auto-assignment by open tasks kept per specialist', () => {
  let other: SeededGroup;
  let at: string;
  let boss: Client;
  let manager: Client;
  /** The three specialists of the store, in the order of their ids (the tie-break). */
  let byId: string[];

  const openTask = async () => {
    const event = deliveryEvent(serial(), 8);
    const reply = await boss.ok('POST', `/v1/stores/${at}/events`, { events: [event] });
    const file = await boss.ok('GET', `/v1/stores/${at}/customer-files/${reply.items[0].vehicleId}`);
    return file.timeline.find((e: { kind: string }) => e.kind === 'callbackTask').id as string;
  };
  const openWindow = async (taskId: string) => {
    expect(await runCallbackWindow({ db: db(), tenantId: other.tenantId, taskId, edge: 'open' })).toBe(
      'opened',
    );
    return (await manager.ok('GET', taskPath(taskId, at))).task.assignedTo as string;
  };
  const giveTo = (userId: string, taskIds: string[]) =>
    manager.ok('POST', `/v1/stores/${at}/callback-assignments`, { taskIds, userId });
  /** Per specialist: [kept count, counted now] — the two must agree. */
  const counts = () =>
    db().withTenant(
      other.tenantId,
      (tx) => tx<{ userId: string; kept: number; counted: number }[]>`
        select u.id as user_id, coalesce(k.open, 0) as kept,
          (select count(*)::int from callback_tasks t where t.store_id = ${at} and t.assigned_to = u.id
            and t.status in ('scheduled', 'due', 'inProgress', 'rescheduled')) as counted
        from unnest(${byId}::uuid[]) with ordinality u(id, n)
        left join callback_open_counts k on k.store_id = ${at} and k.user_id = u.id
        order by u.n`,
    );

  beforeAll(async () => {
    other = await seedGroup(api.deps.db);
    at = other.storeIds[0] as string;
    boss = new Client(api.app);
    await boss.login(other.users.hq_admin.email, other.users.hq_admin.password);
    manager = new Client(api.app);
    await manager.login(other.users.cr_manager.email, other.users.cr_manager.password);
    const ids = [other.users.callback_agent.id];
    for (const n of [2, 3]) {
      const made = await boss.ok('POST', '/v1/users', {
        name: `回访专员${n}`,
        email: `agent${n}@${other.code}.test`,
        password: testPassword,
        roles: [{ role: 'callback_agent', storeId: at }],
      });
      ids.push(made.id);
    }
    byId = ids.sort();
  });

  it('gives an opening task to the specialist with the fewest open tasks, a tie to the smaller id', async () => {
    const [first, second, third] = byId as [string, string, string];
    // first: 2 open, second: 1, third: 0 — the next task goes to third.
    await giveTo(first, [await openTask(), await openTask()]);
    const secondsTask = await openTask();
    await giveTo(second, [secondsTask]);
    expect(await openWindow(await openTask())).toBe(third);
    // first 2, second 1, third 1: a tie between second and third goes to the smaller id.
    expect(await openWindow(await openTask())).toBe(second);
    // second's first task fails as its window closes: first 2, second 1, third 1 again → second.
    const closesOn = (await manager.ok('GET', taskPath(secondsTask, at))).task.closesOn;
    expect(
      await runCallbackWindow({
        db: db(),
        tenantId: other.tenantId,
        taskId: secondsTask,
        edge: 'close',
        now: new Date(`${closesOn}T16:00:01Z`),
      }),
    ).toBe('failed');
    expect(await openWindow(await openTask())).toBe(second);
    // first 2, second 2, third 1 → third; then all at 2 → first.
    expect(await openWindow(await openTask())).toBe(third);
    expect(await openWindow(await openTask())).toBe(first);
    expect(await counts()).toEqual([
      { userId: first, kept: 3, counted: 3 },
      { userId: second, kept: 2, counted: 2 },
      { userId: third, kept: 2, counted: 2 },
    ]);
  });

  it('keeps the counts equal to the open tasks when windows open at once and tasks move by hand', async () => {
    const [first, second, third] = byId as [string, string, string];
    const tasks: string[] = [];
    for (let i = 0; i < 9; i++) tasks.push(await openTask());
    const opened = await Promise.all(
      tasks.map((taskId) => runCallbackWindow({ db: db(), tenantId: other.tenantId, taskId, edge: 'open' })),
    );
    expect(opened).toEqual(tasks.map(() => 'opened'));
    const before = await counts();
    expect(before.map((c) => c.kept)).toEqual(before.map((c) => c.counted));
    expect(before.reduce((sum, c) => sum + c.kept, 0)).toBe(7 + 9);
    // The nine moved by hand to the third: the others keep only what the first test gave them.
    await giveTo(third, tasks);
    expect(await counts()).toEqual([
      { userId: first, kept: 3, counted: 3 },
      { userId: second, kept: 2, counted: 2 },
      { userId: third, kept: 2 + 9, counted: 2 + 9 },
    ]);
  });
});

describe('two specialists and one task', () => {
  it('lets one of two specialists taking the same task at once win; the other is told', async () => {
    const taskId = await salesTask();
    const replies = await Promise.all([
      agent.request('POST', `${taskPath(taskId)}/claim`),
      agent2.request('POST', `${taskPath(taskId)}/claim`),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = replies.find((r) => r.status === 409);
    expect(loser?.body.error.code).toBe('CONFLICT');
    const winner = replies[0]?.status === 200 ? agent : agent2;
    const other = winner === agent ? agent2 : agent;
    expect(
      (
        await other.request('POST', `${taskPath(taskId)}/calls`, {
          outcome: 'satisfied',
          answers: sales([9, 9, 9]),
        })
      ).status,
    ).toBe(409);
    await winner.ok('POST', `${taskPath(taskId)}/release`);
    await other.ok('POST', `${taskPath(taskId)}/claim`);
  });

  it('gives two specialists pressing "next call" together two different tasks', async () => {
    const at = group.storeIds[1] as string;
    await salesTask(at);
    await salesTask(at);
    const [a, b] = await Promise.all([
      agent2.ok('POST', `/v1/stores/${at}/callback-queue/next`),
      hq.ok('POST', `/v1/stores/${at}/callback-queue/next`),
    ]);
    expect(a.taskId).toBeTruthy();
    expect(b.taskId).toBeTruthy();
    expect(a.taskId).not.toBe(b.taskId);
  });
});

describe('the queue of today and the outcomes of a call', () => {
  it('lists due tasks by window end, VIP first', async () => {
    const later = await salesTask(storeId, {}, 7); // window closes in 3 days
    const sooner = await salesTask(storeId, {}, 10); // last day today
    const { items } = await agent.ok('GET', `/v1/stores/${storeId}/callback-queue`);
    const ids = items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later));
    const soonerItem = items.find((i: { id: string }) => i.id === sooner);
    expect(soonerItem).toMatchObject({ urgency: 'lastDay', state: 'due' });
    expect(soonerItem.mobile).toMatch(/\*{4}/);
  });

  it('satisfied: the answers are stored per item with the questionnaire version, the task is done with its band', async () => {
    const taskId = await salesTask();
    const page = await agent.ok('GET', taskPath(taskId));
    expect(page.questionnaire).toMatchObject({ key: 'sales', ruleSetVersion: 0 });
    expect(page.questionnaire.items).toHaveLength(11);
    expect(page.script.forbiddenPhrases.length).toBeGreaterThan(0);
    const recorded = await call(agent, taskId, { outcome: 'satisfied', answers: sales([9, 10, 8]) });
    expect(recorded).toMatchObject({
      state: 'done',
      overallScore: 9,
      band: 'fullySatisfied',
      complaintId: null,
    });
    const answers = await db().withTenant(
      group.tenantId,
      (tx) =>
        tx`select item_id, score::float8, yes, questionnaire_key, rule_set_version from callback_answers
        where task_id = ${taskId} order by position`,
    );
    expect(answers).toEqual([
      { itemId: 'waitingTime', score: 9, yes: null, questionnaireKey: 'sales', ruleSetVersion: 0 },
      { itemId: 'productKnowledge', score: 10, yes: null, questionnaireKey: 'sales', ruleSetVersion: 0 },
      { itemId: 'testDriveOffered', score: null, yes: true, questionnaireKey: 'sales', ruleSetVersion: 0 },
      { itemId: 'deliveryOnTime', score: null, yes: true, questionnaireKey: 'sales', ruleSetVersion: 0 },
      { itemId: 'useAndMaintenance', score: 8, yes: null, questionnaireKey: 'sales', ruleSetVersion: 0 },
    ]);
  });

  it('refuses answers that do not fit the questionnaire and outcomes missing what they need', async () => {
    const taskId = await salesTask();
    await agent.ok('POST', `${taskPath(taskId)}/claim`);
    const wrongType = await agent.request('POST', `${taskPath(taskId)}/calls`, {
      outcome: 'satisfied',
      answers: { waitingTime: true, nonsense: 3 },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'answers.nonsense',
      'answers.waitingTime',
    ]);
    const noReason = await agent.request('POST', `${taskPath(taskId)}/calls`, { outcome: 'unsuccessful' });
    expect(noReason.status).toBe(400);
    const noTime = await agent.request('POST', `${taskPath(taskId)}/calls`, { outcome: 'customerBusy' });
    expect(noTime.status).toBe(400);
  });

  it('dissatisfied: opens a complaint-follow-up record (抱怨客户联系处理表) from the callback', async () => {
    const taskId = await salesTask();
    const recorded = await call(agent, taskId, {
      outcome: 'dissatisfied',
      answers: { ...sales([4, 5, 6]), otherComments: '交车太慢' },
      complaintCategory: 'waitingTime',
    });
    expect(recorded).toMatchObject({ state: 'done', overallScore: 5, band: 'dissatisfied' });
    const { complaint } = await cr.ok('GET', `/v1/stores/${storeId}/complaints/${recorded.complaintId}`);
    expect(complaint).toMatchObject({
      channel: 'callback',
      severity: 'ordinary',
      category: 'waitingTime',
      relatedTo: 'sales',
      customerWords: '交车太慢',
    });
  });

  it('complaint: opens an urgent complaint (紧急投诉应对联络表) at once', async () => {
    const taskId = await salesTask();
    const recorded = await call(agent, taskId, {
      outcome: 'complaint',
      note: '车辆交付时有划痕,要求赔偿',
      complaintCategory: 'productQuality',
    });
    expect(recorded.state).toBe('done');
    const { complaint } = await cr.ok('GET', `/v1/stores/${storeId}/complaints/${recorded.complaintId}`);
    expect(complaint).toMatchObject({
      severity: 'urgent',
      channel: 'callback',
      customerWords: '车辆交付时有划痕,要求赔偿',
    });
  });

  it('wrong number: opens an uncertain-customer record, flags the file, and sends no SMS', async () => {
    const taskId = await salesTask();
    const recorded = await call(agent, taskId, { outcome: 'wrongNumber', reason: 'emptyNumber' });
    expect(recorded).toMatchObject({ state: 'failed', smsMessageId: null });
    expect(recorded.uncertainRecordId).toBeTruthy();
    const page = await cr.ok('GET', taskPath(taskId));
    expect(page.customer.uncertain).toBe(true);
  });

  it('customer busy: reschedules to the agreed time; the task comes back to the queue then', async () => {
    const taskId = await salesTask();
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const recorded = await call(agent, taskId, { outcome: 'customerBusy', rescheduleTo: at });
    expect(recorded.state).toBe('rescheduled');
    const actor = agentActor(group.users.callback_agent.id);
    const now = await todaysQueue({ db: db(), actor, storeId });
    expect(now.map((i) => i.id)).not.toContain(taskId);
    const later = await todaysQueue({ db: db(), actor, storeId, now: new Date(Date.now() + 3_700_000) });
    expect(later.find((i) => i.id === taskId)).toMatchObject({
      urgency: 'rescheduled',
      state: 'rescheduled',
    });
    const beyond = await salesTask();
    await agent.ok('POST', `${taskPath(beyond)}/claim`);
    const tooLate = await agent.request('POST', `${taskPath(beyond)}/calls`, {
      outcome: 'notOwner',
      rescheduleTo: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    expect(tooLate.status).toBe(400);
  });

  it('sends the SMS survey after the 4th unsuccessful attempt, and the reply closes the task with its score', async () => {
    const taskId = await salesTask();
    const reasons = ['noAnswer', 'lineBusy', 'poweredOff'];
    for (const reason of reasons) {
      const r = await call(agent, taskId, { outcome: 'unsuccessful', reason });
      expect(r).toMatchObject({ state: 'due', smsMessageId: null });
    }
    const fourth = await call(agent, taskId, { outcome: 'unsuccessful', reason: 'refused' });
    expect(fourth.smsMessageId).toBeTruthy();
    const fifth = await call(agent, taskId, { outcome: 'unsuccessful', reason: 'noAnswer' });
    expect(fifth.smsMessageId).toBeNull();
    const { items } = await cr.ok('GET', `/v1/stores/${storeId}/sms/messages?status=queued`);
    const survey = items.find((m: { id: string }) => m.id === fourth.smsMessageId);
    expect(survey).toMatchObject({ reason: 'survey' });
    // Delivered at midday local time (outside quiet hours), then the customer answers.
    const midday = new Date();
    midday.setUTCHours(4, 0, 0, 0);
    expect(
      (
        await deliverSms({
          db: db(),
          tenantId: group.tenantId,
          messageId: fourth.smsMessageId,
          now: () => midday,
        })
      ).outcome,
    ).toBe('sent');
    const page = await cr.ok('GET', taskPath(taskId));
    const reply = await recordInboundReply({
      db: db(),
      tenantId: group.tenantId,
      storeId,
      reply: {
        replyId: `R${uid()}`,
        from: page.customer.mobile,
        text: '9分',
        receivedAt: new Date().toISOString(),
      },
    });
    expect(reply).toMatchObject({ meaning: 'score', score: 9 });
    const closed = await cr.ok('GET', taskPath(taskId));
    expect(closed.task).toMatchObject({
      state: 'done',
      reachedBy: 'sms',
      overallScore: 9,
      band: 'fullySatisfied',
    });
  });
});

describe('satisfaction statistics (满意率统计表)', () => {
  // A scripted period at a store of its own: two consultants, seven deliveries, the calls below.
  let at: string;
  const from = daysAgo(30).slice(0, 10);
  const to = daysAgo(-1).slice(0, 10);
  beforeAll(async () => {
    const created = await hq.ok('POST', '/v1/stores', { code: `ST${uid()}`, name: '统计店' });
    at = created.id;
    const wang = { salesConsultant: '王默' };
    const li = { salesConsultant: '李磊' };
    const [d1, d2, d3, d4, d5, d6, d7] = [
      await salesTask(at, wang),
      await salesTask(at, wang),
      await salesTask(at, wang),
      await salesTask(at, wang),
      await salesTask(at, li),
      await salesTask(at, li),
      await salesTask(at, li),
    ] as string[];
    void d4; // never called
    await call(hq, d1 as string, { outcome: 'satisfied', answers: sales([9, 9, 9], true) }, at);
    await call(
      hq,
      d2 as string,
      { outcome: 'dissatisfied', answers: sales([5, 6, 4], false), note: '不满意' },
      at,
    );
    await call(hq, d3 as string, { outcome: 'unsuccessful', reason: 'noAnswer' }, at);
    await call(hq, d5 as string, { outcome: 'satisfied', answers: sales([7, 7, 7], true) }, at);
    await call(hq, d6 as string, { outcome: 'unsuccessful', reason: 'poweredOff' }, at);
    await call(
      hq,
      d7 as string,
      { outcome: 'customerBusy', rescheduleTo: new Date(Date.now() + 600_000).toISOString() },
      at,
    );
  });

  const row = (
    name: string,
    n: [
      number,
      number,
      number,
      [number, number, number],
      number | null,
      [number, number, number],
      number | null,
      number | null,
    ],
  ) => ({
    name,
    events: n[0],
    attempted: n[1],
    reached: n[2],
    unsuccessful: {
      refusedOrNoAnswer: n[3][0],
      cannotConnect: n[3][1],
      other: n[3][2],
      total: n[3][0] + n[3][1] + n[3][2],
    },
    successRate: n[4],
    fullySatisfied: n[5][0],
    basicallySatisfied: n[5][1],
    dissatisfied: n[5][2],
    fullySatisfiedRate: n[6],
    basicallySatisfiedRate: n[7],
  });
  const figures = ({ items: _items, key: _key, ...rest }: StatisticsRow) => rest;

  it('equals the hand-computed table per sales consultant', async () => {
    const table = await cr.request(
      'GET',
      `/v1/stores/${at}/callback-statistics?by=salesConsultant&from=${from}&to=${to}`,
    );
    // The CR manager is not at this store: HQ reads it.
    expect(table.status).toBe(404);
    const t = await hq.ok(
      'GET',
      `/v1/stores/${at}/callback-statistics?by=salesConsultant&from=${from}&to=${to}`,
    );
    //               events attempted reached (拒访+无人接听, 无法接通, 其他) success (完全, 基本, 不满意) 完全率 基本率
    expect(t.rows.map(figures)).toEqual([
      row('李磊', [3, 3, 1, [0, 1, 1], 1 / 3, [0, 1, 0], 0, 1]),
      row('王默', [4, 3, 2, [1, 0, 0], 0.5, [1, 0, 1], 0.5, 0]),
    ]);
    expect(figures(t.total)).toEqual(row('合计', [7, 6, 3, [1, 1, 1], 3 / 7, [1, 1, 1], 1 / 3, 1 / 3]));
    const wang = t.rows.find((r: StatisticsRow) => r.name === '王默');
    expect(wang.items).toEqual([
      { itemId: 'waitingTime', label: expect.any(String), type: 'score', average: 7, answered: 2 },
      { itemId: 'productKnowledge', label: expect.any(String), type: 'score', average: 7.5, answered: 2 },
      { itemId: 'testDriveOffered', label: expect.any(String), type: 'yesNo', average: 0.5, answered: 2 },
      { itemId: 'deliveryOnTime', label: expect.any(String), type: 'yesNo', average: 1, answered: 2 },
      { itemId: 'useAndMaintenance', label: expect.any(String), type: 'score', average: 6.5, answered: 2 },
    ]);
  });

  it('drills down from a line of the table to its deliveries and their calls', async () => {
    const t = await hq.ok(
      'GET',
      `/v1/stores/${at}/callback-statistics?by=salesConsultant&from=${from}&to=${to}`,
    );
    const wang = t.rows.find((r: StatisticsRow) => r.name === '王默');
    const { items } = await hq.ok(
      'GET',
      `/v1/stores/${at}/callback-statistics/calls?by=salesConsultant&key=${wang.key}&from=${from}&to=${to}`,
    );
    expect(
      items
        .map((i: { lastOutcome: string | null; band: string | null; attempts: number }) => [
          i.lastOutcome,
          i.band,
          i.attempts,
        ])
        .sort(),
    ).toEqual(
      [
        [null, null, 0],
        ['dissatisfied', 'dissatisfied', 1],
        ['satisfied', 'fullySatisfied', 1],
        ['unsuccessful', null, 1],
      ].sort(),
    );
  });

  it('shows a period with nothing in it as zeros and rates as none', async () => {
    const t = await hq.ok('GET', `/v1/stores/${at}/callback-statistics?by=serviceAdvisor&month=2020-01`);
    expect(t).toMatchObject({ from: '2020-01-01', to: '2020-01-31', rows: [] });
    expect(t.total).toMatchObject({ events: 0, successRate: null, fullySatisfiedRate: null });
  });

  it('counts after-sales callbacks per service advisor and repair team', async () => {
    const s = serial();
    await hq.ok('POST', `/v1/stores/${at}/events`, { events: [deliveryEvent(s, 400)] });
    const reply = await hq.ok('POST', `/v1/stores/${at}/events`, {
      events: [
        repairOrderEvent(s, {
          openedAt: daysAgo(4.2),
          closedAt: daysAgo(4),
          serviceAdvisor: '梁诚',
          repairTeam: '维修一组',
        }),
      ],
    });
    const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${reply.items[0].vehicleId}`);
    const task = file.timeline.find(
      (e: { kind: string; summary: { callbackType: string } }) =>
        e.kind === 'callbackTask' && e.summary.callbackType === 'afterSales',
    );
    const page = await hq.ok('GET', taskPath(task.id, at));
    expect(page.questionnaire.key).toBe('afterSales');
    const recorded = await call(
      hq,
      task.id,
      { outcome: 'satisfied', answers: { overall: 7, workExplained: 'fully', diagnosis: 10 } },
      at,
    );
    expect(recorded).toMatchObject({ overallScore: 7, band: 'basicallySatisfied' });
    for (const by of ['serviceAdvisor', 'repairTeam']) {
      const t = await hq.ok('GET', `/v1/stores/${at}/callback-statistics?by=${by}&from=${from}&to=${to}`);
      expect(t.rows.map(figures)).toEqual([
        row(by === 'serviceAdvisor' ? '梁诚' : '维修一组', [1, 1, 1, [0, 0, 0], 1, [0, 1, 0], 0, 1]),
      ]);
    }
  });

  it('lists the unsuccessful callbacks (回访不成功明细表) with their reasons', async () => {
    const { items } = await hq.ok('GET', `/v1/stores/${at}/unsuccessful-callbacks?from=${from}&to=${to}`);
    expect(
      items
        .map((i: { reason: string | null; bucket: string; staffName: string }) => [
          i.reason,
          i.bucket,
          i.staffName,
        ])
        .sort(),
    ).toEqual(
      [
        ['noAnswer', 'refusedOrNoAnswer', '王默'],
        ['poweredOff', 'cannotConnect', '李磊'],
        [null, 'other', '李磊'],
      ].sort(),
    );
  });

  it('exports the table as XLSX laid out like the seed’s 销售顾问满意率统计表', async () => {
    const file = await hq.download(
      `/v1/stores/${at}/callback-statistics.xlsx?by=salesConsultant&from=${from}&to=${to}`,
    );
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell('A1').value).toBe('销售顾问满意率统计表');
    expect(sheet?.getCell('A3').value).toBe('销售顾问');
    expect(sheet?.getCell('E3').value).toBe('回访未成功数');
    expect(sheet?.getCell('E4').value).toBe('拒访+无人接听');
    expect(sheet?.getRow(5).values).toEqual([
      undefined,
      '李磊',
      3,
      3,
      1,
      0,
      1,
      1,
      1 / 3,
      0,
      1,
      0,
      0,
      1,
      7,
      7,
      1,
      1,
      7,
    ]);
    expect(sheet?.getCell('A7').value).toBe('合计');
    const trend = workbook.getWorksheet('月度趋势');
    const months = (trend?.getColumn(1).values ?? []).slice(2) as string[];
    expect(months).toHaveLength(12);
    expect(months.at(-1)).toBe(to.slice(0, 7));
    const events = (trend?.getColumn(2).values ?? []).slice(2) as number[];
    expect(events.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('shows HQ every store side by side, ranked', async () => {
    const t = await hq.ok('GET', `/v1/callback-statistics?by=salesConsultant&from=${from}&to=${to}`);
    expect(t.stores.map((s: { rank: number }) => s.rank)).toEqual(
      t.stores.map((_: unknown, i: number) => i + 1),
    );
    const mine = t.stores.find((s: { storeId: string }) => s.storeId === at);
    expect(mine).toMatchObject({ name: '统计店', events: 7, reached: 3 });
    expect((await cr.request('GET', `/v1/callback-statistics?by=salesConsultant&month=2026-01`)).status).toBe(
      403,
    );
  });
});
