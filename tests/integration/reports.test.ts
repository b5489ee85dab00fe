import {
  type Actor,
  claimCallback,
  deliverSms,
  ingestEvents,
  issueMemberCard,
  localDate,
  markLostCustomers,
  packSheets,
  recordCall,
  recordDeliveryReceipt,
  recordInboundReply,
} from '@crm/core';
import { type SeededGroup, seedGroup, testPassword, uid } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { daysAgo, deliveryEvent, repairOrderEvent } from '../support/dms.ts';

/**
 * The month's report pack and the HQ dashboard on two scripted months at a store of its own
 * (Asia/Shanghai): P, the month before this one, and C, this month. What can be dated is
 * dated in P; SMS and points are recorded as they happen, so they fall in C.
 *
 * | what | P | C |
 * |---|---|---|
 * | deliveries (王默, 李磊) | D1 王默 卡罗拉 男 金安区 朋友介绍 我店投保 → 满意 9/9/9 (完全满意) | D4 李磊 皇冠 女 金安区 朋友介绍 投保 → 满意 7/7/7 (基本满意) |
 * |  | D2 王默 卡罗拉 女 裕安区 网络 非我店投保 → 无人接听 | D5 王默 卡罗拉 男, nothing recorded → not called |
 * |  | D3 李磊 皇冠 男 金安区 网络 非我店投保 → 不满意 (opens complaint "other") | |
 * | repair orders | R1 梁诚 / 维修一组, a car bought elsewhere (C card: 皇冠 裕安区 网络 投保) → 满意 overall 9 | — |
 * | complaints | K1 price (P-15), the callback's "other" (P-10): both open, every clock ran out | K3 repairQuality, 10 min ago, worked to closed; K4 staffAttitude 5 min ago, open |
 * | lost customer R0 (last visit 400 days ago) | contact: not reached | contact: appointment made, won back |
 * | member cards | card 1 on D1's car (P-20) | card 2 on D4's car; +500 adjustment, a 120-point redemption, −30 adjustment on card 1 |
 * | SMS | — | m1 to D1's owner: sent, delivered, replied; m2 to D4's owner: sent |
 */
const api = testApi();
const db = () => api.deps.db;
let group: SeededGroup;
let other: SeededGroup;
let hq: Client;
let otherHq: Client;
let storeAdmin: Client;
let at: string;
let P: string;
let C: string;
let card1Tier: string;
const vins: Record<string, string> = {};
const customerNames: Record<string, string> = {};

const tz = 'Asia/Shanghai';
const addMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
};
const local = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function hqActor(g: SeededGroup): Actor {
  return {
    kind: 'user',
    tenantId: g.tenantId,
    userId: g.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
}

const serial = () => Math.floor(Math.random() * 1e7);

/** Ingests one event at the store as the DMS sends it `now` (an hour after it happened); the vehicle's id. */
async function ingest(event: Record<string, unknown>, now = new Date()): Promise<string> {
  const reply = await ingestEvents({
    db: db(),
    actor: hqActor(group),
    storeId: at,
    events: [event as Parameters<typeof ingestEvents>[0]['events'][number]],
    now,
  });
  const vehicleId = reply.items[0]?.vehicleId;
  if (!vehicleId) throw new Error(`not ingested: ${JSON.stringify(reply.items[0])}`);
  return vehicleId;
}

/** The callback task the event opened. */
async function taskOf(vehicleId: string, type: 'sales' | 'afterSales'): Promise<string> {
  const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${vehicleId}`);
  const task = file.timeline.find(
    (e: { kind: string; summary: { callbackType: string } }) =>
      e.kind === 'callbackTask' && e.summary.callbackType === type,
  );
  if (!task) throw new Error(`no ${type} task`);
  return task.id;
}

async function callAt(taskId: string, now: Date, input: Record<string, unknown>) {
  const actor = hqActor(group);
  await claimCallback({ db: db(), actor, storeId: at, taskId, now });
  await recordCall({
    db: db(),
    actor,
    storeId: at,
    taskId,
    input: input as Parameters<typeof recordCall>[0]['input'],
    now,
  });
}

const sales = (score: number, yes = true) => ({
  waitingTime: score,
  productKnowledge: score,
  testDriveOffered: yes,
  deliveryOnTime: true,
  useAndMaintenance: score,
});

function delivery(
  key: string,
  deliveredAt: Date,
  consultant: string,
  series: string,
  customer: Record<string, unknown>,
  insuredHere?: boolean,
) {
  const s = serial();
  const event = deliveryEvent(s);
  vins[key] = event.vehicle.vin;
  customerNames[key] = event.customer.name;
  return {
    ...event,
    deliveredAt: deliveredAt.toISOString(),
    salesConsultant: consultant,
    customer: { ...event.customer, ...customer },
    vehicle: { ...event.vehicle, series, ...(insuredHere === undefined ? {} : { insuredHere }) },
  };
}

const vehicles: Record<string, string> = {};
const customers: Record<string, string> = {};

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  other = await seedGroup(api.deps.db);
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  otherHq = new Client(api.app);
  await otherHq.login(other.users.hq_admin.email, other.users.hq_admin.password);
  storeAdmin = new Client(api.app);
  await storeAdmin.login(group.users.store_admin.email, group.users.store_admin.password);
  at = (await hq.ok('POST', '/v1/stores', { code: `RP${uid()}`, name: '报表店' })).id;
  C = localDate(new Date(), tz).slice(0, 7);
  P = addMonth(C, -1);

  // P: three deliveries on the 2nd, called on the 10th (their 7–10 day window).
  vehicles.d1 = await ingest(
    delivery(
      'd1',
      local(`${P}-02`, '10:00'),
      '王默',
      '卡罗拉',
      { gender: 'male', district: '金安区', infoSource: '朋友介绍', birthday: '1985-05-01' },
      true,
    ),
    local(`${P}-02`, '12:00'),
  );
  vehicles.d2 = await ingest(
    delivery(
      'd2',
      local(`${P}-02`, '10:00'),
      '王默',
      '卡罗拉',
      { gender: 'female', district: '裕安区', infoSource: '网络' },
      false,
    ),
    local(`${P}-02`, '12:00'),
  );
  vehicles.d3 = await ingest(
    delivery(
      'd3',
      local(`${P}-02`, '11:00'),
      '李磊',
      '皇冠',
      { gender: 'male', district: '金安区', infoSource: '网络' },
      false,
    ),
    local(`${P}-02`, '12:00'),
  );
  await callAt(await taskOf(vehicles.d1, 'sales'), local(`${P}-10`, '10:00'), {
    outcome: 'satisfied',
    answers: sales(9),
  });
  await callAt(await taskOf(vehicles.d2, 'sales'), local(`${P}-10`, '10:05'), {
    outcome: 'unsuccessful',
    reason: 'noAnswer',
  });
  await callAt(await taskOf(vehicles.d3, 'sales'), local(`${P}-10`, '10:10'), {
    outcome: 'dissatisfied',
    answers: sales(5, false),
    note: '不满意',
  });
  // R1: a car bought elsewhere, first seen at an order closed on the 5th; called on the 9th.
  const r1 = serial();
  const r1Event = repairOrderEvent(r1, {
    openedAt: local(`${P}-05`, '09:00').toISOString(),
    closedAt: local(`${P}-05`, '17:00').toISOString(),
    serviceAdvisor: '梁诚',
    repairTeam: '维修一组',
  });
  vehicles.r1 = await ingest(
    {
      ...r1Event,
      vehicle: { ...r1Event.vehicle, series: '皇冠', insuredHere: true },
      customer: { dmsId: `C${r1}`, name: `客户${r1}`, district: '裕安区', infoSource: '网络' },
    },
    local(`${P}-05`, '18:00'),
  );
  await callAt(await taskOf(vehicles.r1, 'afterSales'), local(`${P}-09`, '10:00'), {
    outcome: 'satisfied',
    answers: { overall: 9, workExplained: 'fully', diagnosis: 10 },
  });

  // C: two deliveries a few minutes ago; D4 called when its window opens.
  vehicles.d4 = await ingest(
    delivery(
      'd4',
      minutesAgo(3),
      '李磊',
      '皇冠',
      { gender: 'female', district: '金安区', infoSource: '朋友介绍', birthday: '1990-08-01' },
      true,
    ),
  );
  vehicles.d5 = await ingest(delivery('d5', minutesAgo(2), '王默', '卡罗拉', {}));
  await callAt(await taskOf(vehicles.d4, 'sales'), new Date(Date.now() + 8 * 86_400_000), {
    outcome: 'satisfied',
    answers: sales(7),
  });

  // Complaints.
  const receive = async (category: string, complainedAt: Date) =>
    (
      await hq.ok('POST', `/v1/stores/${at}/complaints`, {
        channel: 'phone',
        category,
        severity: 'ordinary',
        complainedAt: complainedAt.toISOString(),
        receivedAt: complainedAt.toISOString(),
        complainantName: '投诉人',
        customerWords: '不满意',
      })
    ).complaint as { id: string };
  await receive('price', local(`${P}-15`, '10:00'));
  const staff = await hq.ok('POST', '/v1/users', {
    name: '服务顾问',
    email: `staff-${uid()}@${group.code}.test`,
    password: testPassword,
    roles: [{ role: 'staff', storeId: at, position: 'service_advisor' }],
  });
  await hq.ok('PUT', `/v1/stores/${at}/complaint-settings`, {
    repeatWithinDays: 30,
    forbiddenPhrases: [],
    responsibilities: [{ category: 'repairQuality', department: 'service', responsibleUserId: staff.id }],
    departmentManagers: [],
  });
  const k3 = await receive('repairQuality', minutesAgo(10));
  const step = (id: string, name: string, body: unknown) =>
    hq.ok('POST', `/v1/stores/${at}/complaints/${id}/${name}`, body);
  await step(k3.id, 'judge', { upheld: true });
  await step(k3.id, 'dispatch', {});
  await step(k3.id, 'plan', { solutionPlan: '免费返修' });
  await step(k3.id, 'answer', { answer: '已返修' });
  await step(k3.id, 'recalls', { outcome: 'satisfied' });
  await step(k3.id, 'close', { resultSummary: '客户满意' });
  await receive('staffAttitude', minutesAgo(5));

  // R0: last seen 400 days ago, now on the lost-customer list; contacted in P and in C.
  const r0 = serial();
  vehicles.r0 = await ingest({
    ...repairOrderEvent(r0, { openedAt: daysAgo(400.1), closedAt: daysAgo(400) }),
    customer: { dmsId: `C${r0}`, name: `客户${r0}`, mobile: `139${String(r0).padStart(8, '0')}` },
  });
  const marked = await markLostCustomers({
    db: db(),
    tenantId: group.tenantId,
    storeId: at,
    now: new Date(),
  });
  expect(marked.markedLost).toBe(0); // ingestion's classification already put it on the list
  const list = await hq.ok('GET', `/v1/stores/${at}/lost-customers`);
  expect(list.items.map((i: { vehicleId: string }) => i.vehicleId)).toEqual([vehicles.r0]);
  const contacts = `/v1/stores/${at}/lost-customers/${vehicles.r0}/contacts`;
  await hq.ok('POST', contacts, {
    channel: 'phone',
    result: 'notReached',
    contactedAt: local(`${P}-12`, '15:00').toISOString(),
  });
  await hq.ok('POST', contacts, {
    channel: 'phone',
    result: 'appointmentMade',
    contactedAt: minutesAgo(1).toISOString(),
    wonBack: true,
  });

  // Membership.
  const documents = { idCard: true, vehicleLicence: true, drivingLicence: true };
  const card1 = await issueMemberCard({
    db: db(),
    actor: hqActor(group),
    storeId: at,
    input: { vehicleId: vehicles.d1 as string, documents },
    now: local(`${P}-20`, '10:00'),
  });
  card1Tier = card1.tier;
  await issueMemberCard({
    db: db(),
    actor: hqActor(group),
    storeId: at,
    input: { vehicleId: vehicles.d4 as string, documents },
  });
  const membership = `/v1/stores/${at}/membership`;
  await hq.ok('POST', `${membership}/points/adjustments`, {
    cardId: card1.id,
    points: 500,
    reason: '活动补录',
  });
  const item = await hq.ok('POST', `${membership}/catalogue`, {
    code: `W${uid()}`.slice(0, 20),
    name: '洗车券',
    category: 'carWash',
    pointsCost: 120,
    stock: 10,
  });
  await hq.ok('POST', `${membership}/redemptions`, { cardId: card1.id, itemId: item.id, confirmed: true });
  await hq.ok('POST', `${membership}/points/adjustments`, { cardId: card1.id, points: -30, reason: '更正' });

  // SMS, sent at noon so quiet hours do not hold them back.
  const noon = () => local(localDate(new Date(), tz), '12:00');
  const send = async (vehicleId: string) => {
    const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${vehicleId}`);
    customers[vehicleId] = file.customer.id;
    const reply = await hq.ok('POST', `/v1/stores/${at}/sms/messages`, {
      customerId: file.customer.id,
      text: '您好,感谢您的支持。',
    });
    const id = reply.id ?? reply.message?.id;
    await deliverSms({ db: db(), tenantId: group.tenantId, messageId: id, now: noon });
    return { id, phone: file.customer.mobile as string };
  };
  const m1 = await send(vehicles.d1 as string);
  await send(vehicles.d4 as string);
  await recordDeliveryReceipt({
    db: db(),
    tenantId: group.tenantId,
    storeId: at,
    receipt: { messageId: m1.id, status: 'delivered', at: new Date().toISOString() },
  });
  const d1Phone = deliveryPhone('d1');
  await recordInboundReply({
    db: db(),
    tenantId: group.tenantId,
    storeId: at,
    reply: {
      replyId: `R${uid()}`,
      from: d1Phone,
      text: '收到,谢谢',
      receivedAt: new Date(Date.now() + 1000).toISOString(),
    },
  });
}, 120_000);
afterAll(() => api.close());

/** The mobile deliveryEvent gave the owner of `key` (138 + serial). */
function deliveryPhone(key: string): string {
  const name = customerNames[key] as string;
  return `138${name.replace('客户', '').padStart(8, '0')}`;
}

//                 events attempted reached (拒访+无人接听, 无法接通, 其他) success (完全, 基本, 不满意) 完全率 基本率
type Figures = [
  number,
  number,
  number,
  [number, number, number],
  number | null,
  [number, number, number],
  number | null,
  number | null,
];
const line = (name: string, n: Figures) => ({
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
// biome-ignore lint/suspicious/noExplicitAny: rows of the API's JSON
const figures = ({ items: _i, key: _k, ...rest }: any) => rest;
/** A card analysis row as "field:value" → count, for comparing with the hand-written table. */
// biome-ignore lint/suspicious/noExplicitAny: rows of the API's JSON
const cells = (row: any) =>
  Object.fromEntries(
    row.cells.map((c: { dimension: string; value: string; count: number }) => [
      `${c.dimension}:${c.value}`,
      c.count,
    ]),
  );
const blank = (n: number) => ({ '年龄:未填': n, '收入(月):未填': n, '职业:未填': n, '来店渠道:未填': n });

describe('the month’s report pack', () => {
  it('month P: satisfaction per consultant, advisor and team equals the hand-computed tables', async () => {
    const pack = await hq.ok('GET', `/v1/stores/${at}/report-pack?month=${P}`);
    expect(pack).toMatchObject({ storeId: at, storeName: '报表店', month: P, timeZone: tz });
    const s = pack.satisfaction;
    expect(s.salesConsultant.rows.map(figures)).toEqual([
      line('李磊', [1, 1, 1, [0, 0, 0], 1, [0, 0, 1], 0, 0]),
      line('王默', [2, 2, 1, [1, 0, 0], 0.5, [1, 0, 0], 1, 0]),
    ]);
    expect(figures(s.salesConsultant.total)).toEqual(
      line('合计', [3, 3, 2, [1, 0, 0], 2 / 3, [1, 0, 1], 0.5, 0]),
    );
    expect(s.serviceAdvisor.rows.map(figures)).toEqual([
      line('梁诚', [1, 1, 1, [0, 0, 0], 1, [1, 0, 0], 1, 0]),
    ]);
    expect(s.repairTeam.rows.map(figures)).toEqual([
      line('维修一组', [1, 1, 1, [0, 0, 0], 1, [1, 0, 0], 1, 0]),
    ]);
  });

  it('month P: unsuccessful callbacks, A and C cards, complaints, SMS, lost customers, membership', async () => {
    const pack = await hq.ok('GET', `/v1/stores/${at}/report-pack?month=${P}`);
    expect(
      pack.unsuccessfulCallbacks.map((u: Record<string, unknown>) => [
        u.vin,
        u.reason,
        u.bucket,
        u.staffName,
      ]),
    ).toEqual([[vins.d2, 'noAnswer', 'refusedOrNoAnswer', '王默']]);

    const A = pack.cards.A;
    expect(A.total).toBe(3);
    expect(A.rows.map((r: { model: string; total: number }) => [r.model, r.total])).toEqual([
      ['卡罗拉', 2],
      ['皇冠', 1],
    ]);
    expect(cells(A.rows[0])).toEqual({
      '性别:男': 1,
      '性别:女': 1,
      '区域:金安区': 1,
      '区域:裕安区': 1,
      '信息来源:朋友介绍': 1,
      '信息来源:网络': 1,
      '是否我店投保:是': 1,
      '是否我店投保:否': 1,
      ...blank(2),
    });
    expect(cells(A.rows[1])).toEqual({
      '性别:男': 1,
      '区域:金安区': 1,
      '信息来源:网络': 1,
      '是否我店投保:否': 1,
      ...blank(1),
    });
    expect(A.dimensions).toEqual([
      { dimension: '性别', values: ['男', '女'] },
      { dimension: '年龄', values: ['未填'] },
      { dimension: '收入(月)', values: ['未填'] },
      { dimension: '职业', values: ['未填'] },
      { dimension: '区域', values: ['金安区', '裕安区'] },
      { dimension: '信息来源', values: ['网络', '朋友介绍'] },
      { dimension: '来店渠道', values: ['未填'] },
      { dimension: '是否我店投保', values: ['否', '是'] },
    ]);
    expect(A.notRecorded).toEqual(['首购/增购/换购', '精品与改装']);
    const Ccard = pack.cards.C;
    expect(Ccard.rows.map((r: { model: string; total: number }) => [r.model, r.total])).toEqual([
      ['皇冠', 1],
    ]);
    expect(cells(Ccard.rows[0])).toEqual({
      '性别:未填': 1,
      '区域:裕安区': 1,
      '信息来源:网络': 1,
      '是否我店投保:是': 1,
      ...blank(1),
    });

    const k = pack.complaints;
    expect(k.total).toBe(2);
    expect(k.byCategory).toEqual([
      { category: 'other', count: 1 },
      { category: 'price', count: 1 },
    ]);
    expect(k.byDepartment).toEqual([{ department: null, count: 2 }]);
    expect(k.byOutcome).toEqual([
      { outcome: 'resolved', count: 0 },
      { outcome: 'notUpheld', count: 0 },
      { outcome: 'open', count: 2 },
    ]);
    expect(k.breachesByClock).toEqual([
      { clock: 'dispatch', count: 2 },
      { clock: 'plan', count: 2 },
      { clock: 'answer', count: 2 },
    ]);

    expect(pack.sms).toEqual({
      requested: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      suppressed: 0,
      replied: 0,
      byReason: [],
    });
    expect(pack.lostCustomers).toEqual({
      contacts: 1,
      contacted: 1,
      reached: 0,
      wonBack: 0,
      byResult: [{ result: 'notReached', count: 1 }],
    });
    expect(pack.membership).toEqual({
      cardsIssued: 1,
      byTier: [{ tier: card1Tier, count: 1 }],
      pointsEarned: 0,
      pointsRedeemed: 0,
      pointsOtherDebits: 0,
    });
  });

  it('month C: the same reports for this month', async () => {
    const pack = await hq.ok('GET', `/v1/stores/${at}/report-pack?month=${C}`);
    expect(pack.satisfaction.salesConsultant.rows.map(figures)).toEqual([
      line('李磊', [1, 1, 1, [0, 0, 0], 1, [0, 1, 0], 0, 1]),
      line('王默', [1, 0, 0, [0, 0, 0], 0, [0, 0, 0], null, null]),
    ]);
    expect(figures(pack.satisfaction.salesConsultant.total)).toEqual(
      line('合计', [2, 1, 1, [0, 0, 0], 0.5, [0, 1, 0], 0, 1]),
    );
    expect(pack.satisfaction.serviceAdvisor.rows).toEqual([]);
    expect(pack.unsuccessfulCallbacks).toEqual([]);
    expect(pack.cards.A.rows.map((r: { model: string; total: number }) => [r.model, r.total])).toEqual([
      ['卡罗拉', 1],
      ['皇冠', 1],
    ]);
    expect(cells(pack.cards.A.rows[1])).toEqual({
      '性别:女': 1,
      '区域:金安区': 1,
      '信息来源:朋友介绍': 1,
      '是否我店投保:是': 1,
      ...blank(1),
    });
    expect(cells(pack.cards.A.rows[0])).toEqual({
      '性别:未填': 1,
      '区域:未填': 1,
      '信息来源:未填': 1,
      '是否我店投保:未填': 1,
      ...blank(1),
    });
    expect(pack.cards.C.total).toBe(0);

    const k = pack.complaints;
    expect(k.total).toBe(2);
    expect(k.byCategory).toEqual([
      { category: 'repairQuality', count: 1 },
      { category: 'staffAttitude', count: 1 },
    ]);
    expect(k.byDepartment).toEqual([
      { department: 'service', count: 1 },
      { department: null, count: 1 },
    ]);
    expect(k.byOutcome).toEqual([
      { outcome: 'resolved', count: 1 },
      { outcome: 'notUpheld', count: 0 },
      { outcome: 'open', count: 1 },
    ]);
    expect(k.times).toEqual(
      ['dispatch', 'plan', 'answer', 'close'].map((step) => ({
        step,
        count: 1,
        medianMinutes: 10,
        averageMinutes: 10,
      })),
    );
    expect(k.breaches).toEqual([]);

    expect(pack.sms).toEqual({
      requested: 2,
      sent: 2,
      delivered: 1,
      failed: 0,
      suppressed: 0,
      replied: 1,
      byReason: [{ reason: 'manual', requested: 2, sent: 2, delivered: 1, replied: 1 }],
    });
    expect(pack.lostCustomers).toEqual({
      contacts: 1,
      contacted: 1,
      reached: 1,
      wonBack: 1,
      byResult: [{ result: 'appointmentMade', count: 1 }],
    });
    expect(pack.membership).toMatchObject({
      cardsIssued: 1,
      pointsEarned: 500,
      pointsRedeemed: 120,
      pointsOtherDebits: 30,
    });
  });

  it('downloads the month as one workbook, one sheet per report, whose cells equal the figures', async () => {
    const file = await hq.download(`/v1/stores/${at}/report-pack.xlsx?month=${P}`);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...packSheets]);
    const sheet = (name: string) => workbook.getWorksheet(name) as ExcelJS.Worksheet;
    const values = (name: string, row: number) => (sheet(name).getRow(row).values as unknown[]).slice(1);

    const salesSheet = sheet('销售顾问满意率统计表');
    expect(salesSheet.getCell('A1').value).toBe('销售顾问满意率统计表');
    expect(values('销售顾问满意率统计表', 5).slice(0, 13)).toEqual([
      '李磊',
      1,
      1,
      1,
      0,
      0,
      0,
      1,
      0,
      0,
      1,
      0,
      0,
    ]);
    expect(values('销售顾问满意率统计表', 6).slice(0, 13)).toEqual([
      '王默',
      2,
      2,
      1,
      1,
      0,
      0,
      0.5,
      1,
      0,
      0,
      1,
      0,
    ]);
    expect(values('销售顾问满意率统计表', 7).slice(0, 13)).toEqual([
      '合计',
      3,
      3,
      2,
      1,
      0,
      0,
      2 / 3,
      1,
      0,
      1,
      0.5,
      0,
    ]);
    expect(values('服务顾问满意率统计表', 5).slice(0, 13)).toEqual([
      '梁诚',
      1,
      1,
      1,
      0,
      0,
      0,
      1,
      1,
      0,
      0,
      1,
      0,
    ]);
    expect(values('维修班组满意率统计表', 5).slice(0, 13)).toEqual([
      '维修一组',
      1,
      1,
      1,
      0,
      0,
      0,
      1,
      1,
      0,
      0,
      1,
      0,
    ]);

    expect(values('回访不成功明细表', 3)[0]).toBe('序号');
    const miss = values('回访不成功明细表', 4);
    expect([miss[0], miss[1], miss[5], miss[8], miss[9]]).toEqual([
      1,
      vins.d2,
      '拒访+无人接听',
      '王默',
      '无人接听',
    ]);
    expect(sheet('回访不成功明细表').rowCount).toBe(4);

    expect(values('A卡分析表', 3).slice(0, 3)).toEqual(['车系', '合计', '性别']);
    expect(values('A卡分析表', 4).slice(2, 4)).toEqual(['男', '女']);
    // 车系, 合计, 男 女, 年龄 收入 职业 未填, 金安区 裕安区, 网络 朋友介绍, 来店渠道 未填, 否 是
    expect(values('A卡分析表', 5)).toEqual(['卡罗拉', 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 1, 1]);
    expect(values('A卡分析表', 6)).toEqual(['皇冠', 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0]);
    expect(values('A卡分析表', 7)).toEqual(['合计', 3, 2, 1, 3, 3, 3, 2, 1, 2, 1, 3, 2, 1]);
    expect(String(values('A卡分析表', 9)[0])).toContain('首购/增购/换购');
    expect(values('C卡分析表', 5)).toEqual(['皇冠', 1, 1, 1, 1, 1, 1, 1, 1, 1]);

    expect(values('投诉统计表', 5).slice(0, 2)).toEqual(['报表店', 2]);
    expect(sheet('投诉超时明细').rowCount).toBe(1 + 6);
    expect(values('短信发送统计', 4)).toEqual(['合计', 0, 0, 0, 0]);
    expect(values('流失客户联络统计', 4)).toEqual([1, 1, 0, 0]);
    expect(values('会员统计', 4)).toEqual([1, 0, 0, 0]);
  });

  it('month C workbook: SMS, lost customers and membership sheets', async () => {
    const file = await hq.download(`/v1/stores/${at}/report-pack.xlsx?month=${C}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
    const values = (name: string, row: number) =>
      ((workbook.getWorksheet(name) as ExcelJS.Worksheet).getRow(row).values as unknown[]).slice(1);
    expect(values('短信发送统计', 4)).toEqual(['manual', 2, 2, 1, 1]);
    expect(values('短信发送统计', 5)).toEqual(['合计', 2, 2, 1, 1]);
    expect(values('流失客户联络统计', 4)).toEqual([1, 1, 1, 1]);
    expect(values('会员统计', 4)).toEqual([1, 500, 120, 30]);
  });

  it('names bad input: a month that is not YYYY-MM', async () => {
    for (const month of ['2026-13', '2026-1', 'march', '']) {
      const reply = await hq.request('GET', `/v1/stores/${at}/report-pack?month=${month}`);
      expect(reply.status).toBe(400);
      expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain('month');
    }
    const missing = await hq.request('GET', `/v1/stores/${at}/report-pack.xlsx`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('month');
  });
});

describe('the HQ dashboard', () => {
  it('puts every store of the group side by side with the hand-computed figures, ranked', async () => {
    const board = await hq.ok('GET', `/v1/reports/dashboard?month=${P}&rankBy=salesFullySatisfiedRate`);
    expect(board).toMatchObject({ from: P, to: P, rankBy: 'salesFullySatisfiedRate' });
    expect(board.stores.map((s: { storeId: string }) => s.storeId).sort()).toEqual(
      [...group.storeIds, at].sort(),
    );
    const mine = board.stores.find((s: { storeId: string }) => s.storeId === at);
    expect(mine.figures).toEqual({
      salesFullySatisfiedRate: 0.5,
      afterSalesFullySatisfiedRate: 1,
      callbackSuccessRate: 0.75,
      complaintsOpened: 2,
      complaintsBreached: 2,
      complaintsClosed: 0,
      lostWonBack: 0,
    });
    // The only store with figures ranks first; the others have none and follow by code.
    expect(mine.rank).toBe(1);
    expect(board.trend.months).toHaveLength(12);
    expect(board.trend.months.at(-1)).toBe(P);
  });

  it('ranks by each figure and covers a range of months, with twelve months of trend', async () => {
    const board = await hq.ok('GET', `/v1/reports/dashboard?from=${P}&to=${C}&rankBy=complaintsBreached`);
    const mine = board.stores.find((s: { storeId: string }) => s.storeId === at);
    // P and C together: sales 1 fully of 3 reached; after-sales 1 of 1; 4 reached of 6 events.
    expect(mine.figures).toEqual({
      salesFullySatisfiedRate: 1 / 3,
      afterSalesFullySatisfiedRate: 1,
      callbackSuccessRate: 4 / 6,
      complaintsOpened: 4,
      complaintsBreached: 2,
      complaintsClosed: 1,
      lostWonBack: 1,
    });
    // Fewest breaches first: the store with two ranks last.
    expect(mine.rank).toBe(board.stores.length);
    const trend = board.trend.stores.find((s: { storeId: string }) => s.storeId === at).months;
    expect(board.trend.months.slice(-2)).toEqual([P, C]);
    expect(trend.at(-1)).toEqual({
      salesFullySatisfiedRate: 0,
      afterSalesFullySatisfiedRate: null,
      callbackSuccessRate: 0.5,
      complaintsOpened: 2,
      complaintsBreached: 0,
      complaintsClosed: 1,
      lostWonBack: 1,
    });
    expect(trend.at(-2).salesFullySatisfiedRate).toBe(0.5);
    expect(trend.at(-3)).toEqual({
      salesFullySatisfiedRate: null,
      afterSalesFullySatisfiedRate: null,
      callbackSuccessRate: null,
      complaintsOpened: 0,
      complaintsBreached: 0,
      complaintsClosed: 0,
      lostWonBack: 0,
    });
  });

  it('shows HQ of another group none of this group’s stores, and hides this store’s pack from it', async () => {
    const board = await otherHq.ok('GET', `/v1/reports/dashboard?month=${P}`);
    expect(board.stores.map((s: { storeId: string }) => s.storeId).sort()).toEqual(
      [...other.storeIds].sort(),
    );
    expect((await otherHq.request('GET', `/v1/stores/${at}/report-pack?month=${P}`)).status).toBe(404);
    expect((await otherHq.request('GET', `/v1/stores/${at}/report-pack.xlsx?month=${P}`)).status).toBe(404);
  });

  it('shows a store admin only their store', async () => {
    const board = await storeAdmin.ok('GET', `/v1/reports/dashboard?month=${P}`);
    expect(board.stores.map((s: { storeId: string }) => s.storeId)).toEqual([group.storeIds[0]]);
    expect(board.trend.stores.map((s: { storeId: string }) => s.storeId)).toEqual([group.storeIds[0]]);
    expect((await storeAdmin.request('GET', `/v1/stores/${at}/report-pack?month=${P}`)).status).toBe(404);
    expect(
      (await storeAdmin.request('GET', `/v1/stores/${group.storeIds[0]}/report-pack?month=${P}`)).status,
    ).toBe(200);
  });

  it('names bad input: no period, a backward or too long range, an unknown figure', async () => {
    const cases: [string, string][] = [
      ['', 'month'],
      [`from=${P}`, 'month'],
      [`month=${P}&from=${P}&to=${C}`, 'month'],
      [`from=${C}&to=${P}`, 'to'],
      ['from=2025-01&to=2026-01', 'to'],
      [`month=${P}&rankBy=profit`, 'rankBy'],
      ['month=2026-00', 'month'],
    ];
    for (const [query, field] of cases) {
      const reply = await hq.request('GET', `/v1/reports/dashboard?${query}`);
      expect(reply.status, query).toBe(400);
      expect(
        reply.body.error.details.map((d: { path: string }) => d.path),
        query,
      ).toContain(field);
    }
  });
});
