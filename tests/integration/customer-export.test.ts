import { type SeededGroup, type SeededUser, seedGroup } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * 客户档案 export: XLSX filtered like the customer page's search, masked as the page masks,
 * in clear only for roles that may unmask, and every export in the audit log.
 */
const api = testApi();
let group: SeededGroup;
let s1: string;

async function signedIn(user: SeededUser): Promise<Client> {
  const client = new Client(api.app);
  await client.login(user.email, user.password);
  return client;
}

/** Three customers named 导出… at S1, one other at S1, one 导出… at S2. */
const exported = [5_300_001, 5_300_002, 5_300_003];
const event = (n: number, name: string) => {
  const base = deliveryEvent(n);
  return {
    ...base,
    customer: {
      ...base.customer,
      name,
      idNumber: '340102199001011234',
      homeAddress: '安徽省六安市金安区梅山路88号',
    },
  };
};

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  s1 = group.storeIds[0] as string;
  const hq = await signedIn(group.users.hq_admin);
  await hq.ok('POST', `/v1/stores/${s1}/events`, {
    events: [...exported.map((n, i) => event(n, `导出客户${i + 1}`)), event(5_300_010, '其他客户')],
  });
  await hq.ok('POST', `/v1/stores/${group.storeIds[1]}/events`, { events: [event(5_300_020, '导出别店')] });
});
afterAll(() => api.close());

async function sheetOf(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

async function exportAudits() {
  return api.deps.db.withTenant(
    group.tenantId,
    (tx) => tx<{ actorUserId: string; storeId: string; details: Record<string, unknown> }[]>`
      select actor_user_id, store_id, details from audit_log where action = 'customer.export' order by at, id`,
  );
}

const column = (rows: string[][], header: string) => {
  const index = (rows[0] ?? []).indexOf(header);
  return rows.slice(1).map((r) => r[index] ?? '');
};

describe('exporting customer files', () => {
  it('gives sales staff the files masked as the customer page shows them, and logs the export', async () => {
    const staff = await signedIn(group.users.staff);
    const before = (await exportAudits()).length;
    const file = await staff.download(`/v1/stores/${s1}/customer-files.xlsx?q=${encodeURIComponent('导出')}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const rows = await sheetOf(file.bytes);
    expect(rows[0]?.slice(0, 9)).toEqual([
      '客户姓名',
      '性别',
      '手机',
      '固定电话',
      '身份证号',
      '家庭住址',
      '通讯地址',
      '城市',
      '车架号',
    ]);
    expect(column(rows, '客户姓名')).toEqual(['导出客户1', '导出客户2', '导出客户3']);
    expect(column(rows, '手机')).toEqual(['138****0001', '138****0002', '138****0003']);
    expect(column(rows, '身份证号')).toEqual(Array(3).fill('340***********1234'));
    expect(column(rows, '家庭住址')).toEqual(Array(3).fill('安徽省六安市****'));
    expect(column(rows, '车架号')).toEqual(exported.map((n) => deliveryEvent(n).vehicle.vin));

    const audits = await exportAudits();
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)).toEqual({
      actorUserId: group.users.staff.id,
      storeId: s1,
      details: { filters: { q: '导出' }, rowCount: 3, masked: true },
    });
  });

  it('refuses sales staff an export in clear, and logs nothing', async () => {
    const staff = await signedIn(group.users.staff);
    const before = (await exportAudits()).length;
    const reply = await staff.download(
      `/v1/stores/${s1}/customer-files.xlsx?q=${encodeURIComponent('导出')}&unmask=true`,
    );
    expect(reply.status).toBe(403);
    expect((await exportAudits()).length).toBe(before);
  });

  it.each([
    ['receptionist', 'receptionist'],
    ['callback specialist', 'callback_agent'],
  ] as const)(
    'refuses the %s an export in clear (they unmask one file at a time), and logs nothing',
    async (_who, role) => {
      const user = await signedIn(group.users[role]);
      const before = (await exportAudits()).length;
      const reply = await user.download(`/v1/stores/${s1}/customer-files.xlsx?unmask=true`);
      expect(reply.status).toBe(403);
      expect((await exportAudits()).length).toBe(before);
      const masked = await user.download(
        `/v1/stores/${s1}/customer-files.xlsx?q=${encodeURIComponent('导出')}`,
      );
      expect(masked.status).toBe(200);
      expect(column(await sheetOf(masked.bytes), '手机')).toEqual([
        '138****0001',
        '138****0002',
        '138****0003',
      ]);
      expect((await exportAudits()).at(-1)).toEqual({
        actorUserId: group.users[role].id,
        storeId: s1,
        details: { filters: { q: '导出' }, rowCount: 3, masked: true },
      });
    },
  );

  it('exports in clear for the customer-relations manager, in the audit and access logs', async () => {
    const cr = await signedIn(group.users.cr_manager);
    const file = await cr.download(
      `/v1/stores/${s1}/customer-files.xlsx?q=${encodeURIComponent('导出')}&unmask=true`,
    );
    expect(file.status).toBe(200);
    const rows = await sheetOf(file.bytes);
    expect(column(rows, '手机')).toEqual(['13805300001', '13805300002', '13805300003']);
    expect(column(rows, '身份证号')).toEqual(Array(3).fill('340102199001011234'));
    expect(column(rows, '家庭住址')).toEqual(Array(3).fill('安徽省六安市金安区梅山路88号'));
    expect((await exportAudits()).at(-1)).toEqual({
      actorUserId: group.users.cr_manager.id,
      storeId: s1,
      details: { filters: { q: '导出' }, rowCount: 3, masked: false },
    });
    const [access] = await api.deps.db.withTenant(
      group.tenantId,
      (tx) => tx<{ actorUserId: string; customerId: string | null; fields: string[] }[]>`
        select actor_user_id, customer_id, fields from personal_data_access_log where action = 'export'`,
    );
    expect(access).toEqual({
      actorUserId: group.users.cr_manager.id,
      customerId: null,
      fields: ['mobile', 'landline', 'idNumber', 'homeAddress', 'mailingAddress'],
    });
  });

  it('exports every file of the store when no filter is given, none of another store', async () => {
    const cr = await signedIn(group.users.cr_manager);
    const rows = await sheetOf((await cr.download(`/v1/stores/${s1}/customer-files.xlsx`)).bytes);
    expect(column(rows, '客户姓名')).toEqual(['其他客户', '导出客户1', '导出客户2', '导出客户3'].sort());
    expect((await exportAudits()).at(-1)?.details).toEqual({
      filters: { q: null },
      rowCount: 4,
      masked: true,
    });
  });

  it('searches by phone tail as the page does, and names a filter it cannot read', async () => {
    const cr = await signedIn(group.users.cr_manager);
    const rows = await sheetOf((await cr.download(`/v1/stores/${s1}/customer-files.xlsx?q=0002`)).bytes);
    expect(column(rows, '客户姓名')).toEqual(['导出客户2']);
    const bad = await cr.request('GET', `/v1/stores/${s1}/customer-files.xlsx?q=x`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('q');
  });
});
