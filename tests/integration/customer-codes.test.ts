import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, migrate, type Relay, startRelay, startWorkers } from '@crm/core';
import { type IsolatedDatabase, isolatedDatabase, type SeededGroup, seedGroup } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCode } from '../../packages/core/src/customers/customer-code.ts';
import { Client, type TestApi, testApi } from '../support/api.ts';
import { fillPath, operationsOf, routeKey } from '../support/openapi.ts';

// Issue #18, item 6: a customer imported without a number was keyed '手机:15896600231', shown
// as 编号 in clear beside the masked phone to every role.
const phone = '15896600231';
const masked = '158****0231';
const zeroSecret = new Uint8Array(32);

const log = createLogger({ name: 'customer-codes-test', level: 'silent' });
let iso: IsolatedDatabase;
let api: TestApi;
let group: SeededGroup;
let importDir: string;
let workers: ReturnType<typeof startWorkers> = [];
let relay: Relay;
let hq: Client;

beforeAll(async () => {
  importDir = await mkdtemp(join(tmpdir(), 'crm-codes-'));
  process.env.IMPORT_DIR = importDir;
  iso = await isolatedDatabase();
  api = testApi(iso.config);
  group = await seedGroup(api.deps.db, { stores: 2 });
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

const store = (n: 0 | 1) => group.storeIds[n] ?? '';

/** Uploads a CSV of deliveries at the store, starts it and waits for it to finish. */
async function importDeliveries(storeId: string, rows: string[][]): Promise<void> {
  const csv = ['客户姓名,联系电话,车架号,交车日期', ...rows.map((r) => r.join(','))].join('\n');
  const uploaded = await hq.upload(
    `/v1/stores/${storeId}/imports`,
    '交车.csv',
    new TextEncoder().encode(csv),
  );
  expect(uploaded.status).toBe(201);
  const id = uploaded.body.import.id;
  await hq.ok('POST', `/v1/stores/${storeId}/imports/${id}/start`, {});
  const started = Date.now();
  for (;;) {
    const p = await hq.ok('GET', `/v1/stores/${storeId}/imports/${id}`);
    if (p.status === 'done') {
      expect(p.counts.rejected).toBe(0);
      return;
    }
    if (p.status === 'failed' || Date.now() - started > 30_000) throw new Error(JSON.stringify(p));
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function customersOf(storeId: string): Promise<{ id: string; dmsId: string; mobile: string | null }[]> {
  return iso.owner.unsafe(
    'select id, dms_id, mobile from customers where tenant_id = $1 and store_id = $2 order by name',
    [group.tenantId, storeId],
  );
}

async function secretOf(storeId: string): Promise<Uint8Array> {
  const [row] = await iso.owner.unsafe('select secret from customer_code_keys where store_id = $1', [
    storeId,
  ]);
  return row?.secret;
}

describe('customer codes of imported customers', () => {
  it('computes the same code in TypeScript and in SQL, from the store secret', async () => {
    // sha256(32 zero bytes ‖ 'mobile:15896600231'), first 10 bytes, worked out with sha256sum.
    expect(customerCode(zeroSecret, 'mobile', phone)).toBe('IMP-A3BDD8F71494E195ED72');
    expect(customerCode(zeroSecret, 'vin', 'LSVAB0000P1000002')).toBe('IMP-0F0DC0426565D1EBFF92');
    const [row] = await iso.owner.unsafe(
      `select app_private.customer_code($1, 'mobile', $2) as mobile, app_private.customer_code($1, 'vin', $3) as vin`,
      [Buffer.from(zeroSecret), phone, 'LSVAB0000P1000002'],
    );
    expect(row).toEqual({ mobile: 'IMP-A3BDD8F71494E195ED72', vin: 'IMP-0F0DC0426565D1EBFF92' });
  });

  it('migrates keys made of a phone or a VIN to the code a re-import finds', async () => {
    // The database as it was before migration 0050, with customers keyed the old way.
    await iso.owner.unsafe(`
      drop table customer_code_keys;
      drop function app_private.customer_code(bytea, text, text);
      delete from schema_migrations where version = '0050'`);
    await iso.owner.unsafe(
      `insert into customers (tenant_id, store_id, dms_id, name, mobile) values
        ($1, $2, '手机:15896600231', '周先生', '15896600231'),
        ($1, $2, '车架号:LSVAB0000P1000002', '吴女士', null),
        ($1, $2, 'C100', '郑先生', '13700137000')`,
      [group.tenantId, store(1)],
    );
    const before = await customersOf(store(1));

    const applied = await migrate({
      ownerUrl: iso.config.DATABASE_URL,
      appUser: 'crm_app',
      appPassword: 'crm_app',
    });
    expect(applied).toEqual(['0050_opaque_customer_codes.sql']);

    const secret = await secretOf(store(1));
    expect(secret.length).toBe(32);
    const after = await customersOf(store(1));
    expect(after.map((c) => c.dmsId)).toEqual([
      customerCode(secret, 'vin', 'LSVAB0000P1000002'),
      customerCode(secret, 'mobile', phone),
      'C100',
    ]);
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    for (const c of after) expect(c.dmsId).not.toContain('15896600231');

    // A file naming the same mobile, without a customer number, updates the migrated customer.
    await importDeliveries(store(1), [['周先生', phone, 'LSVAB0000P1000003', '2024-05-01']]);
    const reimported = await customersOf(store(1));
    expect(reimported.map((c) => c.id)).toEqual(before.map((c) => c.id));
  });

  it('gives a customer without a number an opaque code, the same on a second file', async () => {
    await importDeliveries(store(0), [['周先生', phone, 'LSVAB0000P1000001', '2024-05-01']]);
    await importDeliveries(store(0), [['周先生', '158 9660 0231', 'LSVAB0000P1000004', '2024-06-01']]);
    const customers = await customersOf(store(0));
    expect(customers).toHaveLength(1);
    const code = customers[0]?.dmsId ?? '';
    expect(code).toMatch(/^IMP-[0-9A-F]{20}$/);
    expect(code).toBe(customerCode(await secretOf(store(0)), 'mobile', phone));
    // Each store has its own secret: the same phone has another code at the other store.
    expect(code).not.toBe(customerCode(await secretOf(store(1)), 'mobile', phone));
  });
});

/** The text of a reply: JSON or text as sent, or every cell of a workbook. */
async function textOf(headers: Headers, bytes: Uint8Array): Promise<string> {
  if (!(headers.get('content-type') ?? '').includes('spreadsheetml')) return new TextDecoder().decode(bytes);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of book.worksheets)
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.text));
      });
    });
  return cells.join('\n');
}

describe('what a sales consultant can open shows the phone masked', () => {
  const clients = new Map<string, Client>();
  const get = async (role: 'staff' | 'cr_manager', path: string) => {
    let client = clients.get(role);
    if (!client) {
      client = new Client(api.app);
      await client.login(group.users[role].email, group.users[role].password);
      clients.set(role, client);
    }
    const reply = await client.download(path);
    return { status: reply.status, text: await textOf(reply.headers, reply.bytes) };
  };

  it('every GET route and export a sales consultant may call, with the customer and car ids', async () => {
    const [found] = (await hq.ok('GET', `/v1/stores/${store(0)}/customer-files?q=0231`)).items;
    const ids: Record<string, string> = {
      storeId: store(0),
      tenantId: group.tenantId,
      vehicleId: found.vehicleId,
      customerId: found.customerId,
    };
    const doc = await (await api.app.request('/openapi.json')).json();
    const ops = operationsOf(doc).filter((op) => op.method === 'GET' && !op.public);
    const opened: string[] = [];
    const leaks: string[] = [];
    for (const op of ops) {
      const values = Object.fromEntries(
        op.params.map((p) => [p, ids[p] ?? (p.endsWith('Id') ? '' : 'callbackWindow')]),
      );
      const path = fillPath(
        op.path,
        Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
        op,
        doc,
      );
      const reply = await get('staff', path);
      if (reply.status === 200) opened.push(routeKey(op));
      if (reply.text.includes(phone)) leaks.push(routeKey(op));
    }
    // The searches and exports by the phone's tail, as the customer page asks.
    for (const path of [
      `/v1/stores/${store(0)}/customer-files?q=0231`,
      `/v1/stores/${store(0)}/customer-files.xlsx?q=0231`,
      `/v1/stores/${store(0)}/customer-files/${found.vehicleId}?unmask=true`,
    ]) {
      const reply = await get('staff', path);
      if (reply.text.includes(phone)) leaks.push(path);
    }
    expect(leaks).toEqual([]);
    expect(opened).toContain('GET /v1/stores/{storeId}/customer-files/{vehicleId}');
    expect(opened).toContain('GET /v1/stores/{storeId}/customer-files.xlsx');

    const file = await get('staff', `/v1/stores/${store(0)}/customer-files/${found.vehicleId}`);
    expect(file.text).toContain(masked);
    expect(JSON.parse(file.text).customer.dmsId).toMatch(/^IMP-[0-9A-F]{20}$/);
  });

  it('a customer-relations manager who asks to unmask sees the phone', async () => {
    const [found] = (await hq.ok('GET', `/v1/stores/${store(0)}/customer-files?q=0231`)).items;
    const file = await get(
      'cr_manager',
      `/v1/stores/${store(0)}/customer-files/${found.vehicleId}?unmask=true`,
    );
    expect(JSON.parse(file.text).customer.mobile).toBe(phone);
    const sheet = await get('cr_manager', `/v1/stores/${store(0)}/customer-files.xlsx?q=0231&unmask=true`);
    expect(sheet.text).toContain(phone);
  });
});
