import {
  type Actor,
  claimCallback,
  ingestEvents,
  jobHandlers,
  RecordCallInput,
  recordCall,
  runQualityNight,
  runStoreNightly,
} from '@crm/core';
import { type SeededGroup, seedGroup, testPassword, uid } from '@crm/core/testing';
import { qualityKind } from '@crm/rules';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * The quality loop through the API and the store's nightly job, on a fixed clock: a scripted
 * half year of sales callbacks at a Shanghai store, the July meeting pack, an improvement
 * item raised in July and its August–October figures as each month closes, overdue
 * reminders, a Los Angeles store closing at its own midnight, other tenants refused and bad
 * input named.
 */
const api = testApi();
const db = () => api.deps.db;
let group: SeededGroup;
let hq: Client;
let manager: Client;
let staff: Client;
let sh: string;
let la: string;
let ownerId: string;
let julyMeetingId: string;
let itemId: string;

/**
 * A delivery on a store-local day, and its sales callback reached eight days later with the
 * given waiting-time score: the DMS push and the call happen on their own dates (fixed clocks).
 */
async function deliveredAndCalled(storeId: string, on: string, consultant: string, waitingTime: number) {
  const serial = Math.floor(Math.random() * 1e7);
  const deliveredAt = new Date(`${on}T10:00:00+08:00`);
  const event = {
    ...deliveryEvent(serial),
    deliveredAt: deliveredAt.toISOString(),
    salesConsultant: consultant,
  };
  await ingestEvents({ db: db(), actor: group.system, storeId, events: [event], now: deliveredAt });
  const [task] = await db().withTenant(
    group.tenantId,
    (tx) => tx<{ id: string }[]>`
      select t.id from callback_tasks t join deliveries d on d.id = t.source_id
      where d.store_id = ${storeId} and d.dms_id = ${event.dmsId}`,
  );
  if (!task) throw new Error('no callback task');
  const callAt = new Date(deliveredAt.getTime() + 8 * 86_400_000);
  const actor: Actor = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  await claimCallback({ db: db(), actor, storeId, taskId: task.id, now: callAt });
  await recordCall({
    db: db(),
    actor,
    storeId,
    taskId: task.id,
    now: callAt,
    input: RecordCallInput.parse({
      outcome: 'satisfied',
      answers: {
        waitingTime,
        productKnowledge: 9,
        testDriveOffered: true,
        deliveryOnTime: true,
        useAndMaintenance: 9,
      },
    }),
  });
}

/** The store's quality night at an instant (the nightly job's pinned clock). */
const night = (storeId: string, at: string) =>
  runQualityNight({ db: db(), tenantId: group.tenantId, storeId, now: new Date(at) });

const item = async () =>
  (await manager.ok('GET', `/v1/stores/${sh}/quality/items`)).items.find(
    (i: { id: string }) => i.id === itemId,
  );
const figures = async () =>
  (await item()).figures.map(
    (f: { offset: number; month: string; figure: number; verdict: string | null }) => [
      f.offset,
      f.month,
      f.figure,
      f.verdict,
    ],
  );

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  sh = (await hq.ok('POST', '/v1/stores', { code: `SH${uid()}`, name: '上海店', smsSignature: '上海鑫宝' }))
    .id;
  la = (
    await hq.ok('POST', '/v1/stores', {
      code: `LA${uid()}`,
      name: '洛杉矶店',
      timeZone: 'America/Los_Angeles',
    })
  ).id;
  await hq.ok('POST', '/v1/users', {
    name: '质量经理',
    email: `quality.mgr@${group.code}.test`,
    password: testPassword,
    roles: [{ role: 'cr_manager', storeId: sh }],
  });
  ownerId = (
    await hq.ok('POST', '/v1/users', {
      name: '王销售经理',
      email: `quality.owner@${group.code}.test`,
      mobile: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      password: testPassword,
      roles: [{ role: 'staff', storeId: sh, position: 'department_manager' }],
    })
  ).id;
  manager = new Client(api.app);
  await manager.login(`quality.mgr@${group.code}.test`, testPassword);
  staff = new Client(api.app);
  await staff.login(`quality.owner@${group.code}.test`, testPassword);
  // Waiting time (等待时间) per month: June 9; July 6 and 7 (weak); August 7; September 10; October 10.
  await deliveredAndCalled(sh, '2026-06-15', '王默', 9);
  await deliveredAndCalled(sh, '2026-07-10', '王默', 6);
  await deliveredAndCalled(sh, '2026-07-20', '李磊', 7);
  await deliveredAndCalled(sh, '2026-08-12', '王默', 7);
  await deliveredAndCalled(sh, '2026-09-09', '李磊', 10);
  await deliveredAndCalled(sh, '2026-10-18', '王默', 10);
}, 120_000);
afterAll(() => api.close());

describe('month close (月结) in the store’s own time zone', () => {
  it('prepares the July pack on the first night after 31 July in Shanghai, not before', async () => {
    // 23:30 on 31 July in Shanghai: June is the latest closed month.
    const before = await night(sh, '2026-07-31T15:30:00Z');
    expect(before).toMatchObject({ day: '2026-07-31', closedMonth: '2026-06', packPrepared: true });
    const meetings = await manager.ok('GET', `/v1/stores/${sh}/quality/meetings`);
    expect(meetings.items.map((m: { month: string }) => m.month)).toEqual(['2026-06']);
    // 00:30 on 1 August in Shanghai.
    const after = await night(sh, '2026-07-31T16:30:00Z');
    expect(after).toMatchObject({ day: '2026-08-01', closedMonth: '2026-07', packPrepared: true });
  });

  it('prepares one pack however often the nightly job runs', async () => {
    const nightly = await runStoreNightly({
      db: db(),
      tenantId: group.tenantId,
      storeId: sh,
      now: new Date('2026-07-31T18:00:00Z'),
    });
    expect(nightly).toEqual({ day: '2026-08-01', started: true });
    const [row] = await db().withTenant(
      group.tenantId,
      (tx) => tx<{ payload: { storeId: string; at: string } }[]>`
        select payload from outbox where name = 'quality.nightly' and payload->>'storeId' = ${sh}`,
    );
    expect(row?.payload).toEqual({ storeId: sh, at: '2026-07-31T18:00:00.000Z' });
    const ctx = { db: db(), tenantId: group.tenantId, jobId: 'test', log: api.deps.log };
    if (!row) throw new Error('no quality.nightly job');
    await jobHandlers['quality.nightly'](ctx, row.payload);
    await jobHandlers['quality.nightly'](ctx, row.payload);
    const meetings = await manager.ok('GET', `/v1/stores/${sh}/quality/meetings`);
    expect(meetings.items.map((m: { month: string }) => m.month)).toEqual(['2026-07', '2026-06']);
    julyMeetingId = meetings.items[0].id;
    expect(meetings.items[0]).toMatchObject({
      from: '2026-07-01',
      to: '2026-07-31',
      weakCount: 1,
      itemCount: 0,
    });
  });

  it('closes a Los Angeles store’s month at midnight in Los Angeles', async () => {
    // 00:30 on 1 August in Shanghai is 09:30 on 31 July in Los Angeles.
    expect(await night(la, '2026-07-31T16:30:00Z')).toMatchObject({
      day: '2026-07-31',
      closedMonth: '2026-06',
    });
    expect(await night(la, '2026-08-01T06:59:00Z')).toMatchObject({
      day: '2026-07-31',
      closedMonth: '2026-06',
    });
    expect(await night(la, '2026-08-01T07:01:00Z')).toMatchObject({
      day: '2026-08-01',
      closedMonth: '2026-07',
      packPrepared: true,
    });
    const meetings = await hq.ok('GET', `/v1/stores/${la}/quality/meetings`);
    expect(meetings.items.map((m: { month: string }) => m.month)).toEqual(['2026-07', '2026-06']);
  });
});

describe('a store that closes its month on the 25th', () => {
  it('closes July on the night after 25 July, covering 26 June to 25 July', async () => {
    const store = (await hq.ok('POST', '/v1/stores', { code: `CD${uid()}`, name: '二十五日月结店' })).id;
    await hq.ok('PUT', `/v1/stores/${store}/rule-sets/quality/draft`, {
      ...qualityKind.defaults,
      monthCloseDay: 25,
    });
    await hq.ok('POST', `/v1/stores/${store}/rule-sets/quality/publish`, {});
    // 23:30 on 25 July in Shanghai, then 00:30 on 26 July.
    expect(await night(store, '2026-07-25T15:30:00Z')).toMatchObject({
      day: '2026-07-25',
      closedMonth: '2026-06',
    });
    expect(await night(store, '2026-07-25T16:30:00Z')).toMatchObject({
      day: '2026-07-26',
      closedMonth: '2026-07',
      packPrepared: true,
    });
    const { items } = await hq.ok('GET', `/v1/stores/${store}/quality/meetings`);
    expect(items.map((m: { month: string; from: string; to: string }) => [m.month, m.from, m.to])).toEqual([
      ['2026-07', '2026-06-26', '2026-07-25'],
      ['2026-06', '2026-05-26', '2026-06-25'],
    ]);
  });
});

describe('the meeting pack and the improvement item', () => {
  it('lists the weak items against the previous month, judged by the store rule', async () => {
    const { pack, meeting } = await staff.ok('GET', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}`);
    expect(meeting).toMatchObject({ month: '2026-07', heldOn: null, attendees: [], minutes: '' });
    expect(pack.period).toEqual({ month: '2026-07', from: '2026-07-01', to: '2026-07-31' });
    expect(pack.previous).toEqual({ month: '2026-06', from: '2026-06-01', to: '2026-06-30' });
    const waiting = pack.entries.find((e: { key: string }) => e.key === 'item:sales:waitingTime');
    expect(waiting).toMatchObject({
      kind: 'questionnaireItem',
      callbackType: 'sales',
      measure: 'average',
      figure: 6.5,
      answered: 2,
      previousFigure: 9,
      previousAnswered: 1,
      weakBelow: 8,
      weak: true,
      previousWeak: false,
      decidedBy: { ruleId: 'score-item-below-8', ruleSetVersion: 0 },
    });
    expect(pack.entries.filter((e: { weak: boolean }) => e.weak).map((e: { key: string }) => e.key)).toEqual([
      'item:sales:waitingTime',
    ]);
    // Each consultant's line: every reached call fully satisfied (overall ≥ 8) in July.
    const people = pack.entries.filter((e: { kind: string }) => e.kind === 'salesConsultant');
    expect(
      people.map((p: { label: string; figure: number; weak: boolean }) => [p.label, p.figure, p.weak]).sort(),
    ).toEqual([
      ['李磊', 1, false],
      ['王默', 1, false],
    ]);
  });

  it('records the meeting: day, attendees, minutes', async () => {
    const recorded = await manager.ok('PUT', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}`, {
      heldOn: '2026-08-03',
      attendees: ['质量经理', '王销售经理', '服务经理'],
      minutes: '等待时间得分低:展厅接待人手不足。',
    });
    expect(recorded.meeting).toMatchObject({
      heldOn: '2026-08-03',
      attendees: ['质量经理', '王销售经理', '服务经理'],
      recordedBy: { name: '质量经理' },
    });
  });

  it('raises an improvement item from the weak item, with the raised month’s figure on three months', async () => {
    const raised = await manager.ok('POST', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}/items`, {
      subjectKey: 'item:sales:waitingTime',
      cause: '周末展厅接待人手不足',
      measures: '周末增加一名接待顾问,客户到店2分钟内接待',
      ownerUserId: ownerId,
      dueOn: '2026-08-20',
    });
    itemId = raised.id;
    expect(raised).toMatchObject({
      month: '2026-07',
      subject: { key: 'item:sales:waitingTime', measure: 'average' },
      owner: { id: ownerId, name: '王销售经理' },
      dueOn: '2026-08-20',
      completedOn: null,
      verdict: null,
    });
    // May–July: 9, 6, 7.
    expect(await figures()).toEqual([[0, '2026-07', 22 / 3, null]]);
    expect((await item()).figures[0]).toMatchObject({ from: '2026-05-01', to: '2026-07-31', answered: 3 });
    const again = await manager.request('POST', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}/items`, {
      subjectKey: 'item:sales:waitingTime',
      cause: '重复',
      measures: '重复',
      ownerUserId: ownerId,
      dueOn: '2026-08-20',
    });
    expect(again.status).toBe(409);
  });

  it('gets its August, September and October figures as those months close, and not before', async () => {
    // The store texts owners of overdue items (its own quality rule).
    await hq.ok('PUT', `/v1/stores/${sh}/rule-sets/quality/draft`, {
      ...qualityKind.defaults,
      overdueSms: true,
    });
    await hq.ok('POST', `/v1/stores/${sh}/rule-sets/quality/publish`, {});

    // 23:30 on 31 August: August has not closed; the item is overdue since 20 August.
    expect(await night(sh, '2026-08-31T15:30:00Z')).toMatchObject({
      closedMonth: '2026-07',
      figuresWritten: 0,
      overdueReminded: 1,
    });
    expect(await figures()).toEqual([[0, '2026-07', 22 / 3, null]]);
    expect((await item()).overdue).toBe(true);

    // June–August: 9, 6, 7, 7 → 7.25, below July's 7.33.
    expect(await night(sh, '2026-08-31T16:30:00Z')).toMatchObject({
      closedMonth: '2026-08',
      packPrepared: true,
      figuresWritten: 1,
      overdueReminded: 0,
    });
    expect(await figures()).toEqual([
      [0, '2026-07', 22 / 3, null],
      [1, '2026-08', 7.25, 'notImproved'],
    ]);
    // Again the same night: nothing more.
    expect(await night(sh, '2026-08-31T17:00:00Z')).toMatchObject({ packPrepared: false, figuresWritten: 0 });

    // July–September: 6, 7, 7, 10 → 7.5, up 0.17 (the rule asks 0.3).
    await night(sh, '2026-09-30T16:30:00Z');
    expect((await figures())[2]).toEqual([2, '2026-09', 7.5, 'notImproved']);
    expect((await item()).verdict).toBe('notImproved');

    // August–October: 7, 10, 10 → 9, up 1.67.
    await night(sh, '2026-10-31T16:30:00Z');
    expect(await figures()).toEqual([
      [0, '2026-07', 22 / 3, null],
      [1, '2026-08', 7.25, 'notImproved'],
      [2, '2026-09', 7.5, 'notImproved'],
      [3, '2026-10', 9, 'improved'],
    ]);
    expect((await item()).verdict).toBe('improved');
    expect(await night(sh, '2026-11-30T16:30:00Z')).toMatchObject({
      closedMonth: '2026-11',
      figuresWritten: 0,
    });
  });

  it('reminded the owner of the overdue item in the app and by SMS, once', async () => {
    const inbox = await staff.ok('GET', '/v1/notifications');
    const overdue = inbox.items.filter((n: { kind: string }) => n.kind === 'quality.itemOverdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].details).toMatchObject({ itemId, dueOn: '2026-08-20', month: '2026-07' });
    const texts = await db().withTenant(
      group.tenantId,
      (tx) => tx<{ body: string }[]>`
        select body from sms_messages where store_id = ${sh} and reason = 'qualityItemOverdue'`,
    );
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toContain('2026-08-20');
  });

  it('records the completion; a completed item is no longer overdue', async () => {
    const done = await manager.ok('PATCH', `/v1/stores/${sh}/quality/items/${itemId}`, {
      completedOn: '2026-09-05',
      completionNote: '周末已增配接待',
    });
    expect(done).toMatchObject({
      completedOn: '2026-09-05',
      overdue: false,
      completionNote: '周末已增配接待',
    });
  });
});

describe('the EQC整改项目跟踪表 as XLSX', () => {
  /** The workbook's rows as text (merged cells repeat their value), and its figure cells as stored. */
  async function sheetOf(client: Client, path: string) {
    const file = await client.download(path);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain(
      '上海店EQC整改项目跟踪表',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('EQC整改项目跟踪表');
    if (!sheet) throw new Error('no sheet');
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    });
    return { rows, sheet };
  }

  it('exports the items laid out like the seed, with the raised month and months +1 … +3 as numbers', async () => {
    const before = await db().withTenant(
      group.tenantId,
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from audit_log where action = 'quality.items.export' and store_id = ${sh}`,
    );
    const { rows, sheet } = await sheetOf(staff, `/v1/stores/${sh}/quality/items.xlsx`);
    expect(rows[0]?.[0]).toBe('上海店EQC整改项目跟踪表');
    expect(rows[1]?.[0]).toBe('筛选:全部;共 1 项');
    expect(rows[2]).toEqual([
      '序号',
      '弱项',
      '弱项',
      '原因分析',
      '整改措施',
      '整改措施',
      '整改措施',
      '整改措施',
      '效果评估',
      '效果评估',
      '效果评估',
      '效果评估',
      '检核结果描述',
    ]);
    expect(rows[3]).toEqual([
      '序号',
      'EQC名称',
      '整改月',
      '原因分析',
      '整改工作内容',
      '责任人',
      '完成时间',
      '完成情况',
      '整改月结果',
      '月+1结果',
      '月+2结果',
      '月+3结果',
      '检核结果描述',
    ]);
    const line = rows[4] as string[];
    expect(line.slice(0, 8)).toEqual([
      '1',
      expect.stringContaining('等待'),
      '2026-07',
      '周末展厅接待人手不足',
      '周末增加一名接待顾问,客户到店2分钟内接待',
      '王销售经理',
      '2026-08-20',
      '已完成 2026-09-05\n周末已增配接待',
    ]);
    // May–July 22/3, then June–August 7.25, July–September 7.5, August–October 9: numbers, two decimals.
    const figures = [9, 10, 11, 12].map((col) => sheet.getRow(5).getCell(col));
    expect(figures.map((cell) => cell.value)).toEqual([22 / 3, 7.25, 7.5, 9]);
    expect(figures.map((cell) => cell.numFmt)).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(line[12]).toBe('月+1(2026-08):未改善;月+2(2026-09):未改善;月+3(2026-10):有改善\n结论:有改善');
    expect(rows[5]?.[0]).toContain('本表为满意度例会形成的整改决议跟踪表');
    expect(rows).toHaveLength(8);
    const after = await db().withTenant(
      group.tenantId,
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from audit_log where action = 'quality.items.export' and store_id = ${sh}`,
    );
    expect(after[0]?.n).toBe((before[0]?.n ?? 0) + 1);
  });

  it('applies the list’s filters: state and month', async () => {
    const open = await sheetOf(manager, `/v1/stores/${sh}/quality/items.xlsx?state=open`);
    expect(open.rows[1]?.[0]).toBe('筛选:状态:未完成;共 0 项');
    // Header rows, then straight to the notes: no item rows.
    expect(open.rows[4]?.[0]).toContain('备注');
    const done = await sheetOf(manager, `/v1/stores/${sh}/quality/items.xlsx?state=completed&month=2026-07`);
    expect(done.rows[1]?.[0]).toBe('筛选:状态:已完成;整改月:2026-07;共 1 项');
    expect(done.rows[4]?.[6]).toBe('2026-08-20');
    const june = await sheetOf(manager, `/v1/stores/${sh}/quality/items.xlsx?month=2026-06`);
    expect(june.rows[1]?.[0]).toBe('筛选:整改月:2026-06;共 0 项');
  });

  it('names the field of a bad filter', async () => {
    const bad = await manager.request('GET', `/v1/stores/${sh}/quality/items.xlsx?state=lost&month=2026-13`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['month', 'state']);
  });
});

describe('who may do what, and bad input', () => {
  it('lets staff read the meeting but not raise items', async () => {
    const reply = await staff.request('POST', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}/items`, {
      subjectKey: 'item:sales:waitingTime',
      cause: 'x',
      measures: 'y',
      ownerUserId: ownerId,
      dueOn: '2026-08-20',
    });
    expect(reply.status).toBe(403);
  });

  it('refuses another group’s HQ as if the store did not exist', async () => {
    const other = await seedGroup(api.deps.db);
    const outsider = new Client(api.app);
    await outsider.login(other.users.hq_admin.email, other.users.hq_admin.password);
    for (const [method, path, body] of [
      ['GET', `/v1/stores/${sh}/quality/meetings`],
      ['GET', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}`],
      ['GET', `/v1/stores/${sh}/quality/items`],
      ['GET', `/v1/stores/${sh}/quality/items.xlsx`],
      ['GET', `/v1/stores/${sh}/quality/items.xlsx?state=completed`],
      ['PATCH', `/v1/stores/${sh}/quality/items/${itemId}`, { completionNote: '越权' }],
      ['GET', `/v1/stores/${other.storeIds[0]}/quality/meetings/${julyMeetingId}`],
    ] as const) {
      const reply = await outsider.request(method, path, body);
      expect({ path, status: reply.status }).toEqual({ path, status: 404 });
    }
  });

  it.each([
    ['cause', { cause: '' }],
    ['dueOn', { dueOn: '2026-02-30x' }],
    ['ownerUserId', { ownerUserId: 'nobody' }],
    // A user of another store of the group cannot own this store's item.
    ['ownerUserId', { ownerUserId: 'store-0-staff' }],
    // Not weak in July's pack.
    ['subjectKey', { subjectKey: 'item:sales:productKnowledge' }],
  ])('names %s when an item is raised with it wrong', async (field, change) => {
    const body = {
      subjectKey: 'item:sales:waitingTime',
      cause: '原因',
      measures: '措施',
      ownerUserId: ownerId,
      dueOn: '2026-08-20',
      ...change,
    };
    if (body.ownerUserId === 'store-0-staff') body.ownerUserId = group.users.staff.id;
    const reply = await manager.request(
      'POST',
      `/v1/stores/${sh}/quality/meetings/${julyMeetingId}/items`,
      body,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it.each([
    ['heldOn', { heldOn: '2026-13-01' }],
    ['heldOn', { heldOn: '2026-06-30' }],
    ['attendees', { attendees: [] }],
    ['minutes', { minutes: '' }],
  ])('names %s when the meeting is recorded with it wrong', async (field, change) => {
    const reply = await manager.request('PUT', `/v1/stores/${sh}/quality/meetings/${julyMeetingId}`, {
      heldOn: '2026-08-03',
      attendees: ['质量经理'],
      minutes: '纪要',
      ...change,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });
});
