import { isoWeekOf } from '@crm/core';
import { type SeededGroup, type SeededUser, seedGroup } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { daysAgo, deliveryEvent, repairOrderEvent } from '../support/dms.ts';

/**
 * 客户档案检核: each ISO week a store draws 10 sales and 10 after-sales files at random,
 * stored so the draw never changes; each file gets the seed's check form; the week's result
 * counts files checked and defects.
 */
const api = testApi();
let group: SeededGroup;
let s1: string;
let s2: string;
let hq: Client;
let cr: Client;
let agent: Client;
let currentWeek: string;

async function signedIn(user: SeededUser): Promise<Client> {
  const client = new Client(api.app);
  await client.login(user.email, user.password);
  return client;
}

/** Cars at S1: 12 delivered two days ago (4 of them serviced yesterday), 3 delivered long ago, 7 serviced only: 15 sales and 11 after-sales files to draw from. */
const recent = Array.from({ length: 12 }, (_, i) => 5_200_000 + i);
const old = [5_200_100, 5_200_101, 5_200_102];
const servicedOnly = Array.from({ length: 7 }, (_, i) => 5_200_200 + i);

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  [s1, s2] = group.storeIds as [string, string];
  hq = await signedIn(group.users.hq_admin);
  cr = await signedIn(group.users.cr_manager);
  agent = await signedIn(group.users.callback_agent);
  const withContract = (serial: number, days: number) => ({
    ...deliveryEvent(serial, days),
    contractNo: `HT${serial}`,
  });
  await hq.ok('POST', `/v1/stores/${s1}/events`, {
    events: [...recent.map((n) => withContract(n, 2)), ...old.map((n) => withContract(n, 200))],
  });
  // Cars bought elsewhere: on file at S1 only through their repair orders.
  await hq.ok('POST', `/v1/stores/${s1}/events`, {
    events: [
      ...recent.slice(0, 4).map((n) => repairOrderEvent(n)),
      ...servicedOnly.map((n) => ({ ...repairOrderEvent(n), customer: deliveryEvent(n).customer })),
    ],
  });
  await hq.ok('POST', `/v1/stores/${s2}/events`, {
    events: [5_200_300, 5_200_301].map((n) => withContract(n, 2)),
  });
  currentWeek = (await cr.ok('GET', `/v1/stores/${s1}/archive-audits`)).currentWeek;
});
afterAll(() => api.close());

interface File {
  id: string;
  kind: 'sales' | 'afterSales';
  position: number;
  vehicleId: string;
  vin: string;
  documentNo: string;
  status: string | null;
}

describe('drawing the week', () => {
  it('says which week it is at the store', () => {
    const shanghaiToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(currentWeek).toBe(isoWeekOf(shanghaiToday));
  });

  it('draws 10 sales and 10 after-sales files of the store, each car once per kind', async () => {
    const reply = await cr.request('POST', `/v1/stores/${s1}/archive-audits`, { week: currentWeek });
    expect(reply.status).toBe(201);
    const audit = reply.body;
    const sales = audit.files.filter((f: File) => f.kind === 'sales');
    const after = audit.files.filter((f: File) => f.kind === 'afterSales');
    expect(sales.map((f: File) => f.position).sort((a: number, b: number) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(after).toHaveLength(10);
    expect(new Set(sales.map((f: File) => f.vehicleId)).size).toBe(10);
    expect(new Set(after.map((f: File) => f.vehicleId)).size).toBe(10);
    // Sales files are delivered cars, checked against their sales agreement; after-sales against the order.
    const contractOf = new Map([...recent, ...old].map((n) => [deliveryEvent(n).vehicle.vin, `HT${n}`]));
    for (const f of sales as File[]) expect(f.documentNo).toBe(contractOf.get(f.vin));
    const orderOf = new Map(
      [...recent.slice(0, 4), ...servicedOnly].map((n) => [deliveryEvent(n).vehicle.vin, `O${n}`]),
    );
    for (const f of after as File[]) expect(f.documentNo).toBe(orderOf.get(f.vin));
    expect(audit.result).toEqual({
      files: 20,
      checked: 0,
      defects: 0,
      sales: { files: 10, checked: 0, defects: 0 },
      afterSales: { files: 10, checked: 0, defects: 0 },
    });
    expect(audit).toMatchObject({ week: currentWeek, storeId: s1 });
  });

  it('returns the same draw when the week is drawn again (no week given: the current one)', async () => {
    const first = await cr.ok('POST', `/v1/stores/${s1}/archive-audits`, { week: currentWeek });
    const again = await agent.request('POST', `/v1/stores/${s1}/archive-audits`, {});
    expect(again.status).toBe(200);
    const key = (f: File) => `${f.kind}:${f.position}:${f.vehicleId}:${f.id}`;
    expect(again.body.files.map(key)).toEqual(first.files.map(key));
    expect(again.body.id).toBe(first.id);
  });

  it('draws a week once when two people draw it at the same moment', async () => {
    const week = isoWeekOf(daysAgo(14).slice(0, 10));
    const [a, b] = await Promise.all([
      cr.request('POST', `/v1/stores/${s1}/archive-audits`, { week }),
      agent.request('POST', `/v1/stores/${s1}/archive-audits`, { week }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.files.map((f: File) => f.id)).toEqual(b.body.files.map((f: File) => f.id));
  });

  it('draws only files on record by the end of that week', async () => {
    const week = isoWeekOf(daysAgo(30).slice(0, 10));
    const audit = await cr.ok('POST', `/v1/stores/${s1}/archive-audits`, { week });
    expect(audit.files.map((f: File) => f.vin).sort()).toEqual(
      old.map((n) => deliveryEvent(n).vehicle.vin).sort(),
    );
    expect(audit.result).toMatchObject({ files: 3, sales: { files: 3 }, afterSales: { files: 0 } });
  });

  it('draws what a small store has, and only its own files', async () => {
    const audit = await hq.ok('POST', `/v1/stores/${s2}/archive-audits`, { week: currentWeek });
    expect(audit.files.map((f: File) => f.vin).sort()).toEqual(
      [5_200_300, 5_200_301].map((n) => deliveryEvent(n).vehicle.vin).sort(),
    );
  });

  it.each([
    [
      'a week still to come',
      () => isoWeekOf(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)),
    ],
    ['a week 53 of a 52-week year', () => '2025-W53'],
    ['not a week', () => '2026-49'],
  ])('refuses %s, naming the week', async (_what, week) => {
    const reply = await cr.request('POST', `/v1/stores/${s1}/archive-audits`, { week: week() });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['week']);
  });

  it('is for the manager and the callback specialists, not for reception or sales staff', async () => {
    for (const user of [group.users.receptionist, group.users.staff]) {
      const client = await signedIn(user);
      expect(
        (await client.request('POST', `/v1/stores/${s1}/archive-audits`, { week: currentWeek })).status,
      ).toBe(403);
      expect((await client.request('GET', `/v1/stores/${s1}/archive-audits`)).status).toBe(403);
    }
  });
});

describe('checking the files', () => {
  it('saves each check with the checker and counts the week: files checked, defects', async () => {
    const audit = await cr.ok('POST', `/v1/stores/${s1}/archive-audits`, { week: currentWeek });
    const sale = audit.files.find((f: File) => f.kind === 'sales');
    const after = audit.files.find((f: File) => f.kind === 'afterSales');
    const path = (f: File) => `/v1/stores/${s1}/archive-audits/${audit.id}/files/${f.id}`;

    const noProblem = await agent.request('PUT', path(sale), { status: 'abnormal', problem: '  ' });
    expect(noProblem.status).toBe(400);
    expect(noProblem.body.error.details.map((d: { path: string }) => d.path)).toEqual(['problem']);

    await agent.ok('PUT', path(sale), { status: 'normal' });
    const checked = await agent.ok('PUT', path(after), {
      status: 'abnormal',
      problem: '工单缺客户签字',
      fix: '补签并复印归档',
      responsible: '李顾问',
    });
    expect(checked.files.find((f: File) => f.id === after.id)).toMatchObject({
      status: 'abnormal',
      problem: '工单缺客户签字',
      fix: '补签并复印归档',
      responsible: '李顾问',
      checkedByName: (await hq.ok('GET', `/v1/users/${group.users.callback_agent.id}`)).name,
    });
    expect(checked.result).toEqual({
      files: 20,
      checked: 2,
      defects: 1,
      sales: { files: 10, checked: 1, defects: 0 },
      afterSales: { files: 10, checked: 1, defects: 1 },
    });

    // Checked again (the paper was found): the check is replaced, the defect goes.
    const rechecked = await cr.ok('PUT', path(after), { status: 'normal', fix: '已找到原件' });
    expect(rechecked.files.find((f: File) => f.id === after.id)).toMatchObject({
      status: 'normal',
      problem: null,
      fix: '已找到原件',
      responsible: null,
    });
    expect(rechecked.result).toMatchObject({ checked: 2, defects: 0 });

    const list = await cr.ok('GET', `/v1/stores/${s1}/archive-audits`);
    expect(list.items.find((a: { id: string }) => a.id === audit.id)).toMatchObject({
      week: currentWeek,
      result: { files: 20, checked: 2, defects: 0 },
    });
    const read = await agent.ok('GET', `/v1/stores/${s1}/archive-audits/${audit.id}`);
    expect(read.files.filter((f: File) => f.status !== null)).toHaveLength(2);
  });

  it('finds no file of one week under another week or store', async () => {
    const audit = await cr.ok('POST', `/v1/stores/${s1}/archive-audits`, { week: currentWeek });
    const other = await hq.ok('POST', `/v1/stores/${s2}/archive-audits`, { week: currentWeek });
    const file = audit.files[0] as File;
    const wrongAudit = await hq.request(
      'PUT',
      `/v1/stores/${s1}/archive-audits/${other.id}/files/${file.id}`,
      {
        status: 'normal',
      },
    );
    expect(wrongAudit.status).toBe(404);
    const wrongStore = await hq.request('GET', `/v1/stores/${s2}/archive-audits/${audit.id}`);
    expect(wrongStore.status).toBe(404);
  });
});
