import { type SeededGroup, seedGroup } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

/**
 * Complaint reports on a hand-built month at store S1 (Asia/Shanghai). Each complaint is
 * received "minutes ago" and worked at once, so its times to each step are those minutes:
 *
 * | case | category      | received          | then                                   | department | outcome   |
 * |------|---------------|-------------------|----------------------------------------|------------|-----------|
 * | A    | repairQuality | 10 min ago        | dispatched, planned, answered, closed  | service    | resolved  |
 * | B    | staffAttitude | 20 min ago        | dispatched, planned                    | sales      | open      |
 * | C    | price         | 40 min ago        | not upheld                             | —          | notUpheld |
 * | D    | repairQuality | 50 h ago          | dispatched, planned, answered, closed  | service    | resolved  |
 * | E    | productQuality| 00:01 on the first day (local) | nothing                   | —          | open      |
 * | F    | other         | 23:59 the day before the range | nothing (outside the range)| —         | —         |
 * | G    | waitingTime   | 4 h 10 min ago    | dispatched                             | service    | open      |
 *
 * Times (minutes): dispatch A 10, B 20, G 250, D 3000 → median 135, average 820; plan A 10,
 * B 20, D 3000 → 20 and 1010; answer and close A 10, D 3000 → 1505 and 1505.
 * Clocks that ran out (30 min / 24 h / 48 h): dispatch C (stopped 10 min late when judged
 * not upheld), D, E (still running), G; plan D, E; answer D, E — eight.
 */
const api = testApi();
let group: SeededGroup;
let s1: string;
let s2: string;
let cr: Client;
let hq: Client;
let cases: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', string>;
let from: string;
let to: string;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const shanghaiDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function receive(client: Client, storeId: string, category: string, complainedAt: string) {
  const { complaint } = await client.ok('POST', `/v1/stores/${storeId}/complaints`, {
    channel: 'phone',
    category,
    severity: 'ordinary',
    complainedAt,
    receivedAt: complainedAt,
    complainantName: '投诉人',
    customerWords: '等了很久',
  });
  return complaint as { id: string; caseNo: string };
}

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  [s1, s2] = group.storeIds as [string, string];
  cr = new Client(api.app);
  await cr.login(group.users.cr_manager.email, group.users.cr_manager.password);
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  await cr.ok('PUT', `/v1/stores/${s1}/complaint-settings`, {
    repeatWithinDays: 30,
    forbiddenPhrases: [],
    responsibilities: [
      { category: 'repairQuality', department: 'service', responsibleUserId: group.users.staff.id },
    ],
    departmentManagers: [],
  });
  to = shanghaiDay(new Date());
  from = addDays(to, -3);
  const step = (id: string, name: string, body: unknown) =>
    cr.ok('POST', `/v1/stores/${s1}/complaints/${id}/${name}`, body);
  const resolve = async (id: string) => {
    await step(id, 'judge', { upheld: true });
    await step(id, 'dispatch', {});
    await step(id, 'plan', { solutionPlan: '免费返修' });
    await step(id, 'answer', { answer: '已返修' });
    await step(id, 'recalls', { outcome: 'satisfied' });
    await step(id, 'close', { resultSummary: '客户满意' });
  };
  const staff = group.users.staff.id;

  const a = await receive(cr, s1, 'repairQuality', minutesAgo(10));
  await resolve(a.id);
  const b = await receive(cr, s1, 'staffAttitude', minutesAgo(20));
  await step(b.id, 'dispatch', { department: 'sales', responsibleUserId: staff });
  await step(b.id, 'plan', { solutionPlan: '当面致歉' });
  const c = await receive(cr, s1, 'price', minutesAgo(40));
  await step(c.id, 'judge', { upheld: false, reason: '价格符合公示', reply: '已向客户解释收费标准' });
  const d = await receive(cr, s1, 'repairQuality', minutesAgo(50 * 60));
  await resolve(d.id);
  const e = await receive(cr, s1, 'productQuality', `${from}T00:01:00+08:00`);
  const f = await receive(cr, s1, 'other', `${addDays(from, -1)}T23:59:00+08:00`);
  const g = await receive(cr, s1, 'waitingTime', minutesAgo(250));
  await step(g.id, 'dispatch', { department: 'service', responsibleUserId: staff });
  cases = {
    a: a.caseNo,
    b: b.caseNo,
    c: c.caseNo,
    d: d.caseNo,
    e: e.caseNo,
    f: f.caseNo,
    g: g.caseNo,
  };

  await receive(hq, s2, 'other', minutesAgo(15));
});
afterAll(() => api.close());

const expectedTimes = [
  { step: 'dispatch', count: 4, medianMinutes: 135, averageMinutes: 820 },
  { step: 'plan', count: 3, medianMinutes: 20, averageMinutes: 1010 },
  { step: 'answer', count: 2, medianMinutes: 1505, averageMinutes: 1505 },
  { step: 'close', count: 2, medianMinutes: 1505, averageMinutes: 1505 },
];
const expectedBreachesByClock = [
  { clock: 'dispatch', count: 4 },
  { clock: 'plan', count: 2 },
  { clock: 'answer', count: 2 },
];

describe("a store's complaint report", () => {
  it('counts the range on the store’s calendar by category, department and outcome', async () => {
    const report = await cr.ok('GET', `/v1/stores/${s1}/complaint-reports?from=${from}&to=${to}`);
    expect(report).toMatchObject({ storeId: s1, timeZone: 'Asia/Shanghai', from, to, total: 6 });
    expect(report.byCategory).toEqual([
      { category: 'repairQuality', count: 2 },
      { category: 'price', count: 1 },
      { category: 'productQuality', count: 1 },
      { category: 'staffAttitude', count: 1 },
      { category: 'waitingTime', count: 1 },
    ]);
    expect(report.byDepartment).toEqual([
      { department: 'service', count: 3 },
      { department: null, count: 2 },
      { department: 'sales', count: 1 },
    ]);
    expect(report.byOutcome).toEqual([
      { outcome: 'resolved', count: 2 },
      { outcome: 'notUpheld', count: 1 },
      { outcome: 'open', count: 3 },
    ]);
  });

  it('gives the median and average minutes from the complaint to dispatch, plan, answer and sign-off', async () => {
    const report = await cr.ok('GET', `/v1/stores/${s1}/complaint-reports?from=${from}&to=${to}`);
    expect(report.times).toEqual(expectedTimes);
  });

  it('lists every clock that ran out: done late, stopped late when not upheld, or still running past its deadline', async () => {
    const report = await cr.ok('GET', `/v1/stores/${s1}/complaint-reports?from=${from}&to=${to}`);
    expect(report.breachesByClock).toEqual(expectedBreachesByClock);
    const byCase = (x: { caseNo: string; clock: string }, y: { caseNo: string; clock: string }) =>
      `${x.caseNo}${x.clock}`.localeCompare(`${y.caseNo}${y.clock}`);
    const late = report.breaches
      .filter((b: { stoppedAt: string | null }) => b.stoppedAt !== null)
      .map((b: { caseNo: string; clock: string; overdueMinutes: number }) => ({
        caseNo: b.caseNo,
        clock: b.clock,
        overdueMinutes: b.overdueMinutes,
      }))
      .sort(byCase);
    expect(late).toEqual(
      [
        { caseNo: cases.c, clock: 'dispatch', overdueMinutes: 10 },
        { caseNo: cases.d, clock: 'dispatch', overdueMinutes: 2970 },
        { caseNo: cases.d, clock: 'plan', overdueMinutes: 1560 },
        { caseNo: cases.d, clock: 'answer', overdueMinutes: 120 },
        { caseNo: cases.g, clock: 'dispatch', overdueMinutes: 220 },
      ].sort(byCase),
    );
    const running = report.breaches
      .filter((b: { stoppedAt: string | null }) => b.stoppedAt === null)
      .map((b: { caseNo: string; clock: string }) => `${b.caseNo} ${b.clock}`)
      .sort();
    expect(running).toEqual([`${cases.e} answer`, `${cases.e} dispatch`, `${cases.e} plan`]);
  });

  it('leaves out a complaint from the evening before the first day, and a store with nothing has zeros', async () => {
    const day = await cr.ok(
      'GET',
      `/v1/stores/${s1}/complaint-reports?from=${addDays(from, -1)}&to=${addDays(from, -1)}`,
    );
    expect(day.total).toBe(1);
    expect(day.byCategory).toEqual([{ category: 'other', count: 1 }]);
    const empty = await cr.ok('GET', `/v1/stores/${s1}/complaint-reports?from=2020-01-01&to=2020-01-31`);
    expect(empty).toMatchObject({ total: 0, byCategory: [], byDepartment: [], breaches: [] });
    expect(empty.times).toEqual(
      ['dispatch', 'plan', 'answer', 'close'].map((step) => ({
        step,
        count: 0,
        medianMinutes: null,
        averageMinutes: null,
      })),
    );
  });

  it('refuses a range that ends before it starts or covers more than a year', async () => {
    const backwards = await cr.request(
      'GET',
      `/v1/stores/${s1}/complaint-reports?from=2026-03-31&to=2026-03-01`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ path: 'to', message: 'must not be before from' }]);
    const long = await cr.request('GET', `/v1/stores/${s1}/complaint-reports?from=2025-01-01&to=2026-01-02`);
    expect(long.status).toBe(400);
  });

  it('exports the statistics table and the overdue list as XLSX, laid out like the seed’s tables', async () => {
    const download = await cr.download(`/v1/stores/${s1}/complaint-reports.xlsx?from=${from}&to=${to}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.bytes.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('投诉统计表');
    if (!sheet) throw new Error('no 投诉统计表 sheet');
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)[0]).toBe('测试店 1 客户投诉统计表');
    expect(values(2)[0]).toMatch(/^数据搜集期间 \d{4}年\d{1,2}月\d{1,2}日起至\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(values(4).slice(1, 9)).toEqual([
      '件数',
      '产品质量',
      '维修质量',
      '服务态度',
      '工作差错',
      '价格',
      '等待时间',
      '其他',
    ]);
    // 门店, 总数, 7 categories, 5 departments + 未派发, 3 outcomes, 4 × (件数, 中位数, 平均), 3 clocks + 合计.
    const counts = [6, 1, 2, 1, 0, 1, 1, 0, 1, 3, 0, 0, 0, 2, 2, 1, 3];
    const breaches = [4, 2, 2, 8];
    expect(values(5)).toEqual([
      '测试店 1',
      ...counts,
      ...[4, 135, 820, 3, 20, 1010, 2, 1505, 1505, 2, 1505, 1505],
      ...breaches,
    ]);
    const totals = values(6);
    expect(totals[0]).toBe('合计');
    expect(totals.slice(1, 18)).toEqual(counts);
    expect(totals.slice(-4)).toEqual(breaches);
    expect(workbook.getWorksheet('超时明细')?.rowCount).toBe(1 + 8);
  });
});

describe('the group report (HQ)', () => {
  it('shows every store of the group side by side', async () => {
    const report = await hq.ok('GET', `/v1/complaint-reports?from=${from}&to=${to}`);
    expect(report.stores.map((s: { storeId: string }) => s.storeId)).toEqual([s1, s2]);
    const [first, second] = report.stores;
    expect(first).toMatchObject({ total: 6, times: expectedTimes, breachesByClock: expectedBreachesByClock });
    expect(second).toMatchObject({
      total: 1,
      byCategory: [{ category: 'other', count: 1 }],
      byOutcome: [
        { outcome: 'resolved', count: 0 },
        { outcome: 'notUpheld', count: 0 },
        { outcome: 'open', count: 1 },
      ],
      breaches: [],
    });
    const download = await hq.download(`/v1/complaint-reports.xlsx?from=${from}&to=${to}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.bytes.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('投诉统计表');
    if (!sheet) throw new Error('no 投诉统计表 sheet');
    const column = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1, 3);
    expect([column(5), column(6), column(7)]).toEqual([
      ['测试店 1', 6],
      ['测试店 2', 1],
      ['合计', 7],
    ]);
  });

  it('is HQ’s alone: a store’s manager reads their own store’s report only', async () => {
    expect((await cr.request('GET', `/v1/complaint-reports?from=${from}&to=${to}`)).status).toBe(403);
    expect((await cr.request('GET', `/v1/stores/${s2}/complaint-reports?from=${from}&to=${to}`)).status).toBe(
      404,
    );
  });
});
