import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Relay, startRelay, startWorkers } from '@crm/core';
import { type IsolatedDatabase, isolatedDatabase, type SeededGroup, seedGroup } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApi, testApi } from '../support/api.ts';

// Small batches and slices, so a file of a few hundred rows spans several jobs.
process.env.IMPORT_BATCH_ROWS = '50';
process.env.IMPORT_SLICE_BATCHES = '2';

const log = createLogger({ name: 'imports-test', level: 'silent' });
let iso: IsolatedDatabase;
let api: TestApi;
let group: SeededGroup;
let storeId: string;
let hq: Client;
let importDir: string;
let workers: ReturnType<typeof startWorkers> = [];
let relay: Relay;

beforeAll(async () => {
  importDir = await mkdtemp(join(tmpdir(), 'crm-imports-'));
  process.env.IMPORT_DIR = importDir;
  iso = await isolatedDatabase();
  api = testApi(iso.config);
  group = await seedGroup(api.deps.db, { stores: 2 });
  storeId = group.storeIds[0] ?? '';
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  workers = startWorkers({ db: api.deps.db, backend: api.deps.backend, log });
  relay = startRelay({ db: api.deps.db, backend: api.deps.backend, log, intervalMs: 50 });
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await Promise.all(workers.map((w) => w.close()));
  await api?.close();
  await iso?.drop();
  await rm(importDir, { recursive: true, force: true });
});

const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
/** A well-formed VIN (no I/O/Q) per serial and prefix; its check digit is not the point here. */
const vin = (prefix: string, serial: number) => {
  let n = serial;
  let tail = '';
  for (let i = 0; i < 6; i++) {
    tail = (vinChars[n % 33] ?? 'A') + tail;
    n = Math.floor(n / 33);
  }
  return `${prefix.padEnd(11, 'A').slice(0, 11)}${tail}`;
};

async function xlsx(headers: string[], rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const imports = () => `/v1/stores/${storeId}/imports`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const progress = (id: string) => hq.ok('GET', `${imports()}/${id}`);
const finished = (id: string) =>
  until(
    () => progress(id),
    (p) => p.status === 'done' || p.status === 'failed',
  );

async function tableCount(sql: string): Promise<number> {
  const [row] = await iso.owner.unsafe(sql, [group.tenantId]);
  return Number(row?.n ?? 0);
}

describe('file import', () => {
  it('refuses a malformed XLSX at upload, naming the file, and keeps nothing', async () => {
    const garbage = new TextEncoder().encode('PK\u0003\u0004 this is not a workbook at all');
    const reply = await hq.upload(imports(), '客户.xlsx', garbage);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('INVALID_INPUT');
    expect(reply.body.error.details).toEqual([expect.objectContaining({ path: 'file' })]);
    expect(await tableCount('select count(*) as n from imports where tenant_id = $1')).toBe(0);
  });

  it('refuses a file that is neither CSV nor XLSX', async () => {
    const reply = await hq.upload(imports(), '客户.txt', new TextEncoder().encode('a,b'));
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toEqual([
      { path: 'file', message: 'must be a .csv or .xlsx file', reason: 'notSpreadsheet' },
    ]);
  });

  it('maps the usual Chinese headers, folds full-width digits and imports the deliveries', async () => {
    const headers = [
      '客户姓名',
      '联系电话',
      '车架号/VIN',
      '车牌号',
      '品牌',
      '车型',
      '交车日期',
      '销售顾问',
      '备注',
    ];
    const rows = [
      [
        '张三',
        '１３８００１３８０００',
        vin('LFVFW', 1),
        '皖Ａ１２３４５',
        '大众',
        '迈腾',
        '２０２４－０５－０１',
        '王销售',
        '',
      ],
      [
        '李四',
        '139 0013 9000',
        vin('LFVFW', 2),
        '皖A54321',
        '大众',
        '帕萨特',
        new Date(Date.UTC(2024, 4, 2)),
        '王销售',
        'x',
      ],
      ['王五', '13700137000', vin('LFVFW', 3), '', '大众', '途观', '2024年5月3日', '', ''],
    ];
    const dryRun = await hq.upload(imports(), '交车.xlsx', await xlsx(headers, rows));
    expect(dryRun.status).toBe(201);
    expect(dryRun.body.import.mapping).toEqual({
      customerName: 0,
      mobile: 1,
      vin: 2,
      plate: 3,
      brand: 4,
      model: 5,
      deliveredOn: 6,
      salesConsultant: 7,
    });
    expect(dryRun.body.import.unmappedHeaders).toEqual(['备注']);
    expect(dryRun.body.import).toMatchObject({ status: 'uploaded', totalRows: 3, percent: 0 });
    expect(
      dryRun.body.preview.map((r: { rowNumber: number; errors: string[]; becomes: string[] }) => r),
    ).toEqual([
      expect.objectContaining({ rowNumber: 2, errors: [], becomes: ['delivery'] }),
      expect.objectContaining({ rowNumber: 3, errors: [], becomes: ['delivery'] }),
      expect.objectContaining({ rowNumber: 4, errors: [], becomes: ['delivery'] }),
    ]);

    const id = dryRun.body.import.id;
    const started = await hq.request('POST', `${imports()}/${id}/start`, {});
    expect(started.status).toBe(202);
    const done = await finished(id);
    expect(done).toMatchObject({
      status: 'done',
      percent: 100,
      processedRows: 3,
      counts: { imported: 3, rejected: 0, eventsCreated: 3, eventsUpdated: 0, eventsUnchanged: 0 },
    });
    const customers = await iso.owner.unsafe(
      'select mobile from customers where tenant_id = $1 and store_id = $2 order by mobile',
      [group.tenantId, storeId],
    );
    expect(customers.map((c) => c.mobile)).toEqual(['13700137000', '13800138000', '13900139000']);
    const [plate] = await iso.owner.unsafe(
      'select plate, delivery_date::text as d from vehicles where vin = $1',
      [vin('LFVFW', 1)],
    );
    expect(plate).toEqual({ plate: '皖A12345', d: '2024-05-01' });

    // Started once: a second start is a conflict.
    expect((await hq.request('POST', `${imports()}/${id}/start`, {})).status).toBe(409);
  });

  it('lets the mapping be adjusted by hand when the headers are not the usual ones', async () => {
    const headers = ['顾客', '电话号码', '车架号', '交车日期'];
    const rows = [['赵六', '13600136000', vin('LHGCV', 1), '2024-05-04']];
    const uploaded = await hq.upload(imports(), '名单.xlsx', await xlsx(headers, rows));
    expect(uploaded.body.import.mapping).toEqual({ vin: 2, deliveredOn: 3 });
    expect(uploaded.body.preview[0].errors).toEqual(['客户姓名: is required for a delivery']);
    expect(uploaded.body.import.unmappedHeaders).toEqual(['顾客', '电话号码']);

    const id = uploaded.body.import.id;
    const mapping = { customerName: '顾客', mobile: 1 };
    const preview = await hq.ok('POST', `${imports()}/${id}/preview`, { mapping });
    expect(preview.import.mapping).toEqual({ customerName: 0, mobile: 1, vin: 2, deliveredOn: 3 });
    expect(preview.preview[0]).toMatchObject({ rowNumber: 2, errors: [], becomes: ['delivery'] });
    const unknown = await hq.request('POST', `${imports()}/${id}/preview`, { mapping: { plate: '车牌' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'mapping.plate' })]);

    await hq.ok('POST', `${imports()}/${id}/start`, { mapping });
    expect(await finished(id)).toMatchObject({ status: 'done', counts: { imported: 1, rejected: 0 } });
  });

  it('imports a file with 10 % bad rows: the good ones go in, the bad ones download with their reasons', async () => {
    const headers = [
      '客户姓名',
      '手机',
      '车架号',
      '工单号',
      '进厂日期',
      '结算日期',
      '维修类型',
      '里程',
      '工时费',
      '材料费',
      '付费方式',
    ];
    const rows: unknown[][] = [];
    for (let n = 1; n <= 40; n++) {
      const row = [
        `客户${n}`,
        `1360000${String(n).padStart(4, '0')}`,
        vin('LSGPC', n),
        `WO${n}`,
        '2024-06-01 09:00',
        '2024-06-01 16:30',
        '保养',
        12000 + n,
        '300.00',
        '450.50',
        '自费',
      ];
      if (n === 3) row[2] = 'NOT-A-VIN';
      if (n === 6) row[1] = '12345';
      if (n === 19) row[4] = '2024-13-45';
      if (n === 39) {
        row[6] = '洗车';
        row[7] = ''; // an empty cell comes back empty in the rejected rows
      }
      rows.push(row);
    }
    const uploaded = await hq.upload(imports(), '工单.xlsx', await xlsx(headers, rows));
    expect(uploaded.status).toBe(201);
    const preview = uploaded.body.preview as { rowNumber: number; errors: string[]; uncertain: unknown }[];
    expect(preview.find((r) => r.rowNumber === 4)?.errors).toEqual([expect.stringMatching(/^车架号: /)]);
    // Row 7's number is no mobile: the row is imported without it, its customer on the uncertain list.
    const row7 = preview.find((r) => r.rowNumber === 7);
    expect(row7?.errors).toEqual([]);
    expect(row7?.uncertain).toEqual({
      reason: 'wrongNumber',
      note: expect.stringMatching(/^手机: "12345" /),
    });
    expect(preview.find((r) => r.rowNumber === 2)).toMatchObject({ uncertain: null });

    const id = uploaded.body.import.id;
    await hq.ok('POST', `${imports()}/${id}/start`, {});
    const done = await finished(id);
    expect(done).toMatchObject({
      status: 'done',
      percent: 100,
      totalRows: 40,
      processedRows: 40,
      counts: { imported: 37, rejected: 3, eventsCreated: 37 },
    });
    const [order] = await iso.owner.unsafe(
      "select labour_fen::int, parts_fen::int, payer, order_types, mileage_km from repair_orders where tenant_id = $1 and dms_id = 'WO1'",
      [group.tenantId],
    );
    expect(order).toEqual({
      labourFen: 30_000,
      partsFen: 45_050,
      payer: 'self',
      orderTypes: ['maintenance'],
      mileageKm: 12_001,
    });

    const download = await hq.download(`${imports()}/${id}/rejected.xlsx`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const lines: unknown[][] = [];
    sheet?.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
    expect(lines[0]).toEqual(['行号 (row)', ...headers, '错误原因 (reason)']);
    expect(lines.slice(1).map((l) => [l[0], String(l.at(-1)).split(':')[0]])).toEqual([
      [4, '车架号'],
      [20, '进厂日期'],
      [40, '维修类型'],
    ]);
    expect(lines[1]?.[3]).toBe('NOT-A-VIN');
    expect(lines[3]?.map(String)).not.toContain('NULL');

    // 客户6's order is in, the customer on file without the number and on the uncertain list.
    const [customer6] = await iso.owner.unsafe(
      "select mobile, uncertain from customers where tenant_id = $1 and name = '客户6'",
      [group.tenantId],
    );
    expect(customer6).toEqual({ mobile: null, uncertain: true });
    const uncertain = (await hq.ok('GET', `/v1/stores/${storeId}/uncertain-customers`)).items as {
      customerName: string;
      source: string;
      reason: string;
      note: string;
      openedByName: string | null;
    }[];
    expect(uncertain.filter((r) => r.customerName === '客户6')).toEqual([
      expect.objectContaining({
        source: 'import',
        reason: 'wrongNumber',
        note: '工单.xlsx row 7 — 手机: "12345" is not a valid phone number',
        openedByName: null,
      }),
    ]);
  });

  it('puts imported customers with a wrong or empty number on the uncertain list, once, unless their file has one', async () => {
    const at = group.storeIds[1] as string;
    const header = '客户编号,客户姓名,联系电话,座机,车架号,交车日期';
    const runOnce = async (
      fileName: string,
      lines: string[],
      counts: { imported: number; rejected: number },
    ) => {
      const file = new TextEncoder().encode([header, ...lines].join('\n'));
      const uploaded = await hq.upload(`/v1/stores/${at}/imports`, fileName, file);
      expect(uploaded.status).toBe(201);
      const id = uploaded.body.import.id;
      await hq.ok('POST', `/v1/stores/${at}/imports/${id}/start`, {});
      const done = await until(
        () => hq.ok('GET', `/v1/stores/${at}/imports/${id}`),
        (p) => p.status === 'done' || p.status === 'failed',
      );
      expect(done).toMatchObject({ status: 'done', counts });
      return uploaded.body.preview as { rowNumber: number; uncertain: { reason: string } | null }[];
    };
    // U4 is on file with a mobile from an earlier import.
    await runOnce('早先.csv', ['U4,丁,13911110004,,LUNC0000000000004,2026-09-04'], {
      imported: 1,
      rejected: 0,
    });
    const lines = [
      'U1,甲,13911110001,,LUNC0000000000001,2026-10-01', // a mobile: not doubtful
      'U2,乙,,,LUNC0000000000002,2026-10-02', // no number at all: emptyNumber
      'U3,丙,139-1111,,LUNC0000000000003,2026-10-03', // no mobile: wrongNumber, imported without it
      'U4,丁,,,LUNC0000000000005,2026-10-05', // empty here, but U4's file has a mobile
      'U6,戊,,0551-65551234,LUNC0000000000006,2026-10-06', // a landline: reachable
      'U7,己,,,BAD,2026-10-07', // rejected: nothing imported, no record
    ];
    const preview = await runOnce('老客户.csv', lines, { imported: 5, rejected: 1 });
    expect(preview.map((r) => [r.rowNumber, r.uncertain?.reason ?? null])).toEqual([
      [2, null],
      [3, 'emptyNumber'],
      [4, 'wrongNumber'],
      [5, 'emptyNumber'], // the preview does not look at the files on record
      [6, null],
      [7, null], // rejected
    ]);
    const listed = async () =>
      (
        (await hq.ok('GET', `/v1/stores/${at}/uncertain-customers`)).items as {
          customerName: string;
          reason: string;
          source: string;
          note: string;
          vin: string;
        }[]
      ).map((r) => ({ name: r.customerName, reason: r.reason, source: r.source, note: r.note, vin: r.vin }));
    const expected = [
      {
        name: '乙',
        reason: 'emptyNumber',
        source: 'import',
        note: '老客户.csv row 3 — 联系电话: empty',
        vin: 'LUNC0000000000002',
      },
      {
        name: '丙',
        reason: 'wrongNumber',
        source: 'import',
        note: '老客户.csv row 4 — 联系电话: "139-1111" is not a valid phone number',
        vin: 'LUNC0000000000003',
      },
    ];
    expect((await listed()).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.sort((a, b) => a.name.localeCompare(b.name)),
    );
    const flagged = await iso.owner.unsafe(
      'select dms_id from customers where tenant_id = $1 and store_id = $2 and uncertain order by dms_id',
      [group.tenantId, at],
    );
    expect(flagged.map((c) => c.dmsId)).toEqual(['U2', 'U3']);
    const [u4] = await iso.owner.unsafe(
      "select mobile from customers where tenant_id = $1 and store_id = $2 and dms_id = 'U4'",
      [group.tenantId, at],
    );
    expect(u4?.mobile).toBe('13911110004');
    // The same file again: the open records stay as they are, none added.
    await runOnce('老客户.csv', lines, { imported: 5, rejected: 1 });
    expect(await listed()).toHaveLength(2);
  });

  it('resumes an import after the workers stop mid-file, with no duplicates', async () => {
    const headers = ['客户姓名', '联系电话', 'VIN', '工单号', '进厂日期', '维修类型', '工时费', '付费方式'];
    const total = 600;
    const csvRows = [headers.join(',')];
    for (let n = 1; n <= total; n++) {
      const v = vin('LRW3E', n % 150);
      const bad = n % 100 === 50;
      csvRows.push(
        [
          `"车主${n % 150}"`,
          `1350000${String(n % 150).padStart(4, '0')}`,
          bad ? 'BAD' : v,
          `R${n}`,
          `2024-0${1 + (n % 9)}-1${n % 10}`,
          '小修',
          '120',
          '自费',
        ].join(','),
      );
    }
    const uploaded = await hq.upload(
      imports(),
      '维修记录.csv',
      new TextEncoder().encode(csvRows.join('\r\n')),
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.import.totalRows).toBe(total);
    const id = uploaded.body.import.id;
    await hq.ok('POST', `${imports()}/${id}/start`, {});

    // Let a slice or two commit, then stop every worker (each finishes its current slice).
    await until(
      () => progress(id),
      (p) => p.processedRows > 0,
    );
    await Promise.all(workers.map((w) => w.close()));
    const stopped = await progress(id);
    expect(stopped.status).toBe('running');
    expect(stopped.processedRows).toBeGreaterThan(0);
    expect(stopped.processedRows).toBeLessThan(total);
    await new Promise((r) => setTimeout(r, 300));
    expect((await progress(id)).processedRows).toBe(stopped.processedRows);

    workers = startWorkers({ db: api.deps.db, backend: api.deps.backend, log });
    const done = await finished(id);
    expect(done).toMatchObject({
      status: 'done',
      percent: 100,
      processedRows: total,
      counts: { imported: 594, rejected: 6 },
    });
    expect(
      await tableCount(`select count(*) as n from repair_orders where tenant_id = $1 and dms_id like 'R%'`),
    ).toBe(594);
    expect(
      await tableCount(
        `select count(distinct dms_id) as n from repair_orders where tenant_id = $1 and dms_id like 'R%'`,
      ),
    ).toBe(594);
    expect(
      await tableCount(
        `select count(*) as n from import_rejections where tenant_id = $1 and import_id = '${id}'`,
      ),
    ).toBe(6);
    expect(
      await tableCount(`select count(*) as n from vehicles where tenant_id = $1 and vin like 'LRW3E%'`),
    ).toBe(150);
  }, 60_000);

  it("answers 404 for another group's import", async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const stranger = new Client(api.app);
    await stranger.login(other.users.hq_admin.email, other.users.hq_admin.password);
    const [row] = await iso.owner.unsafe('select id from imports where tenant_id = $1 limit 1', [
      group.tenantId,
    ]);
    const reply = await stranger.request('GET', `/v1/stores/${other.storeIds[0]}/imports/${row?.id}`);
    expect(reply.status).toBe(404);
  });
});
