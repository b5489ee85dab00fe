import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type SeededGroup, seedGroup, testConfig } from '@crm/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

// Uploaded files go to a directory of this file's own, to see what is left behind.
const importDir = mkdtempSync(join(tmpdir(), 'crm-upload-limit-'));
process.env.IMPORT_DIR = importDir;
// Small caps so the test moves little data: JSON bodies 64 KiB, import uploads 512 KiB.
const api = testApi(
  testConfig({ env: { MAX_BODY_BYTES: String(64 * 1024), IMPORT_MAX_BYTES: String(512 * 1024) } }),
);
let group: SeededGroup;
let hq: Client;
let storeId: string;

beforeAll(async () => {
  group = await seedGroup(api.deps.db, { stores: 1 });
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  storeId = group.storeIds[0] as string;
});
afterAll(async () => {
  await api.close();
  await rm(importDir, { recursive: true, force: true });
});

const line = '张三,13800138000,LSVAU2180N0000011,皖A00001,卡罗拉,2026-11-01,王销售\n';
const header = '客户姓名,联系电话,车架号,车牌号,车型,交车日期,销售顾问\n';
const imports = () => `/v1/stores/${storeId}/imports`;

/** The files left in the import directory (every tenant's). */
const storedFiles = async () =>
  (await readdir(importDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
const importCount = () =>
  api.deps.db.withTenant(group.tenantId, async (tx) => {
    const [row] = await tx<{ n: number }[]>`select count(*)::int as n from imports`;
    return row?.n ?? 0;
  });

/** A CSV of about `bytes`, made as it is read, 64 KiB at a time; `breakAt` throws there instead. */
async function* csv(bytes: number, sent: { bytes: number }, breakAt = Number.POSITIVE_INFINITY) {
  const chunk = new TextEncoder().encode(line.repeat(Math.floor((64 * 1024) / Buffer.byteLength(line))));
  const first = new TextEncoder().encode(header);
  sent.bytes += first.length;
  yield first;
  while (sent.bytes < bytes) {
    if (sent.bytes >= breakAt) throw new Error('connection reset by peer');
    sent.bytes += chunk.length;
    yield chunk;
  }
}

it('an import upload may exceed the JSON body cap up to its own cap, and no further', async () => {
  // A 200 KiB CSV: over the JSON cap, under the upload cap → read and previewed.
  const csvText = `${header}${line.repeat(Math.ceil((200 * 1024) / Buffer.byteLength(line)))}`;
  const accepted = await hq.upload(imports(), 'customers.csv', Buffer.from(csvText), 'text/csv');
  expect(accepted.status).toBe(201);
  expect(accepted.body.import.sizeBytes).toBe(Buffer.byteLength(csvText));
  // Over the upload cap (its Content-Length says so) → 413 in the error shape, naming the limit.
  const tooBig = await hq.upload(imports(), 'big.csv', new Uint8Array(600 * 1024), 'text/csv');
  expect(tooBig.status).toBe(413);
  expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  expect(tooBig.body.error.message).toContain('512 KiB');
  expect(tooBig.body.error.details).toEqual([{ path: 'file', message: expect.stringContaining('512 KiB') }]);
  // JSON elsewhere keeps the small cap.
  const json = await hq.request('POST', '/v1/stores', { code: 'BIG', name: 'x'.repeat(70 * 1024) });
  expect(json.status).toBe(413);
});

it('a streamed upload (no Content-Length) past the cap stops there with 413, leaving no file and no import', async () => {
  const before = await importCount();
  const filesBefore = (await storedFiles()).length;
  const sent = { bytes: 0 };
  const reply = await hq.uploadStream(imports(), 'big.csv', csv(4 * 1024 * 1024, sent));
  expect(reply.status).toBe(413);
  // The rest of the body is not read: the connection closes after the answer, not reused.
  expect(reply.headers.get('connection')).toBe('close');
  expect(reply.body.error).toMatchObject({
    code: 'PAYLOAD_TOO_LARGE',
    message: expect.stringContaining('512 KiB (524288 bytes)'),
    details: [{ path: 'file', message: expect.stringContaining('512 KiB') }],
  });
  // The API stopped reading near the cap: most of the 4 MiB was never asked for.
  expect(sent.bytes).toBeLessThan(2 * 1024 * 1024);
  expect((await storedFiles()).length).toBe(filesBefore);
  expect(await importCount()).toBe(before);
});

it('an upload that breaks off mid-file leaves no file and no import', async () => {
  const before = await importCount();
  const filesBefore = (await storedFiles()).length;
  const reply = await hq.uploadStream(imports(), 'cut.csv', csv(400 * 1024, { bytes: 0 }, 200 * 1024));
  expect(reply.status).toBe(400);
  expect(reply.body.error.details).toEqual([{ path: 'file', message: expect.stringContaining('broke off') }]);
  expect((await storedFiles()).length).toBe(filesBefore);
  expect(await importCount()).toBe(before);
});

it('a file of a type that cannot be imported is refused without being stored', async () => {
  const before = await importCount();
  const filesBefore = (await storedFiles()).length;
  const reply = await hq.uploadStream(imports(), 'list.txt', csv(100 * 1024, { bytes: 0 }));
  expect(reply.status).toBe(400);
  expect(reply.body.error.details).toEqual([
    { path: 'file', message: expect.stringContaining('.csv'), reason: 'notSpreadsheet' },
  ]);
  expect((await storedFiles()).length).toBe(filesBefore);
  expect(await importCount()).toBe(before);
});

it('a 30 MiB upload streams through: the process grows by a small part of the file, not by the file', async () => {
  // The default cap (50 MiB), a store of its own.
  const big = testApi(testConfig());
  try {
    const other = await seedGroup(big.deps.db, { stores: 1 });
    const client = new Client(big.app);
    await client.login(other.users.hq_admin.email, other.users.hq_admin.password);
    const size = 30 * 1024 * 1024;
    // Live memory, not garbage not yet collected: each sample runs a full collection first.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = live();
    let peak = baseline;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, live());
      samples += 1;
    }, 250);
    const sent = { bytes: 0 };
    // Besides the timer, a sample each time another quarter of the file has been taken.
    async function* sampledAtQuarters(source: AsyncIterable<Uint8Array>) {
      let next = size / 4;
      for await (const chunk of source) {
        yield chunk;
        if (sent.bytes >= next) {
          peak = Math.max(peak, live());
          samples += 1;
          next += size / 4;
        }
      }
    }
    const reply = await client.uploadStream(
      `/v1/stores/${other.storeIds[0]}/imports`,
      'big.csv',
      sampledAtQuarters(csv(size, sent)),
    );
    clearInterval(sampler);
    expect(reply.status).toBe(201);
    expect(reply.body.import.sizeBytes).toBe(sent.bytes);
    expect(reply.body.import.totalRows).toBe(
      Math.round((sent.bytes - Buffer.byteLength(header)) / Buffer.byteLength(line)),
    );
    const growth = peak - baseline;
    console.log(
      `30 MiB upload: live heap + buffers grew by at most ${(growth / 1_048_576).toFixed(1)} MiB (${samples} samples)`,
    );
    expect(samples).toBeGreaterThan(2);
    expect(growth).toBeLessThan(size / 5);
  } finally {
    await big.close();
  }
}, 180_000);

it('a form sent with no file chosen (an empty file name) is told the file is required', async () => {
  const reply = await hq.uploadStream(imports(), '', (async function* () {})());
  expect(reply.status).toBe(400);
  expect(reply.body.error.details).toEqual([{ path: 'file', message: 'required' }]);
});
