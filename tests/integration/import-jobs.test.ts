import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  diskImportStorage,
  jobHandlers,
  type Relay,
  resumeStalledImports,
  startRelay,
  startWorkers,
  sweepOrphanFiles,
} from '@crm/core';
import { type IsolatedDatabase, isolatedDatabase, type SeededGroup, seedGroup } from '@crm/core/testing';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApi, testApi } from '../support/api.ts';
import { workbookEntries, zipArchive } from '../support/xlsx-zip.ts';

const log = createLogger({ name: 'import-jobs-test', level: 'silent' });
let iso: IsolatedDatabase;
let api: TestApi;
let group: SeededGroup;
let storeId: string;
let hq: Client;
let importDir: string;
let relay: Relay;
let workers: ReturnType<typeof startWorkers> = [];

beforeAll(async () => {
  importDir = await mkdtemp(join(tmpdir(), 'crm-import-jobs-'));
  process.env.IMPORT_DIR = importDir;
  iso = await isolatedDatabase();
  api = testApi(iso.config);
  group = await seedGroup(api.deps.db, { stores: 1 });
  storeId = group.storeIds[0] ?? '';
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  relay = startRelay({ db: api.deps.db, backend: api.deps.backend, log, intervalMs: 50 });
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await Promise.all(workers.map((w) => w.close()));
  await api?.close();
  await iso?.drop();
  await rm(importDir, { recursive: true, force: true });
});

const header = '客户姓名,联系电话,车架号,车牌号,车型,交车日期,销售顾问\n';
const csv = (serial: number, rows: number) =>
  header +
  Array.from(
    { length: rows },
    (_, i) =>
      `客户${serial}-${i},1380013${String(serial * 100 + i).padStart(4, '0')},LSVAU2180N${String(serial * 1000 + i).padStart(7, '0')},皖A${String(i).padStart(5, '0')},卡罗拉,2026-11-01,王销售\n`,
  ).join('');
const imports = () => `/v1/stores/${storeId}/imports`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const progress = (id: string) => hq.ok('GET', `${imports()}/${id}`);
const ended = (id: string) =>
  until(
    () => progress(id),
    (p) => p.status === 'done' || p.status === 'failed',
  );
const upload = async (name: string, text: string) => {
  const reply = await hq.upload(imports(), name, new TextEncoder().encode(text), 'text/csv');
  expect(reply.status).toBe(201);
  return reply.body.import.id as string;
};
const start = (id: string) => hq.ok('POST', `${imports()}/${id}/start`, {});
const jobOf = async (id: string) => {
  const [row] = await iso.owner`select job_id from imports where id = ${id}`;
  const job = await api.deps.backend.queue('imports').getJob(String(row?.jobId));
  return { state: await job?.getState(), failedReason: job?.failedReason, attemptsMade: job?.attemptsMade };
};
const storedFile = (id: string) => join(importDir, group.tenantId, id);

describe('import jobs end done, failed with a reason, or resumable — never stuck', () => {
  it('fails an import whose file went missing with its reason, once, and the worker goes on to the next import', async () => {
    workers = startWorkers({ db: api.deps.db, backend: api.deps.backend, log });
    // A workbook: the reader that once let a missing file end the worker process.
    const rows = csv(1, 3)
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const sent = await hq.upload(imports(), '丢失.xlsx', await zipArchive(workbookEntries(rows)));
    expect(sent.status).toBe(201);
    const lost = sent.body.import.id as string;
    await rm(storedFile(lost));
    await start(lost);
    const failed = await ended(lost);
    expect(failed).toMatchObject({
      status: 'failed',
      failure: '导入文件已不在存储中，无法继续导入；请重新上传文件',
      resumable: false,
      counts: { imported: 0, rejected: 0 },
    });
    // Failed for good on its first attempt (UnrecoverableError), with the reason; not retried.
    expect(await jobOf(lost)).toEqual({
      state: 'failed',
      failedReason: 'the import file is no longer in storage',
      attemptsMade: 1,
    });
    // The same worker process runs the next import to its end.
    const next = await upload('下一个.csv', csv(2, 4));
    await start(next);
    expect(await ended(next)).toMatchObject({ status: 'done', counts: { imported: 4, rejected: 0 } });
  }, 120_000);

  it('resumes an import whose job BullMQ failed as stalled, at the nightly check, and it completes', async () => {
    await Promise.all(workers.map((w) => w.close()));
    // A worker that loses every imports.run the way a twice-interrupted one does.
    workers = startWorkers({
      db: api.deps.db,
      backend: api.deps.backend,
      log,
      handlers: {
        ...jobHandlers,
        'imports.run': async () => {
          throw new UnrecoverableError('job stalled more than allowable limit');
        },
      },
    });
    const id = await upload('中断.csv', csv(3, 5));
    await start(id);
    await until(
      () => jobOf(id),
      (job) => job.state === 'failed',
    );
    expect((await jobOf(id)).failedReason).toBe('job stalled more than allowable limit');
    expect((await progress(id)).status).toBe('queued');
    await Promise.all(workers.map((w) => w.close()));
    workers = startWorkers({ db: api.deps.db, backend: api.deps.backend, log });

    const storage = diskImportStorage({ dir: importDir });
    const check = (quietMs = 0) =>
      resumeStalledImports({
        db: api.deps.db,
        backend: api.deps.backend,
        storage,
        tenantId: group.tenantId,
        storeId,
        quietMs,
      });
    // Touched within the quiet period: left alone, its job may just be slow to start.
    expect(await check(60 * 60_000)).toEqual({ resumed: 0, failed: 0 });
    expect(await check()).toEqual({ resumed: 1, failed: 0 });
    expect(await ended(id)).toMatchObject({
      status: 'done',
      failure: null,
      counts: { imported: 5, rejected: 0 },
    });
    // A done import is not touched again.
    expect(await check()).toEqual({ resumed: 0, failed: 0 });
  }, 120_000);

  it('fails an import resumed three times already with the reason, and its owner resumes it from its page', async () => {
    const id = await upload('三次.csv', csv(4, 6));
    // Started, its job gone and already queued again three times by the nightly check.
    await iso.owner`
      update imports set status = 'running', resumes = 3, started_at = now(), job_id = gen_random_uuid(),
        updated_at = now() - interval '1 hour'
      where id = ${id}`;
    const storage = diskImportStorage({ dir: importDir });
    const result = await resumeStalledImports({
      db: api.deps.db,
      backend: api.deps.backend,
      storage,
      tenantId: group.tenantId,
      storeId,
    });
    expect(result).toEqual({ resumed: 0, failed: 1 });
    expect(await progress(id)).toMatchObject({
      status: 'failed',
      failure: '导入多次中断（已自动继续 3 次仍未完成）；可在此页点“继续导入”再试',
      resumable: true,
    });
    const resumed = await hq.request('POST', `${imports()}/${id}/resume`);
    expect(resumed.status).toBe(202);
    expect(resumed.body).toMatchObject({ status: 'queued', failure: null, resumable: false });
    expect(await ended(id)).toMatchObject({ status: 'done', counts: { imported: 6, rejected: 0 } });
    // Done: resuming again is a conflict naming why.
    const again = await hq.request('POST', `${imports()}/${id}/resume`);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([
      { path: 'importId', message: 'it is done, not failed while running', reason: 'notResumable' },
    ]);
  }, 120_000);

  it('fails a stuck import whose file is gone at the nightly check, not resumable', async () => {
    const id = await upload('无文件.csv', csv(5, 2));
    await iso.owner`
      update imports set status = 'running', started_at = now(), updated_at = now() - interval '1 hour'
      where id = ${id}`;
    await rm(storedFile(id));
    const storage = diskImportStorage({ dir: importDir });
    expect(
      await resumeStalledImports({
        db: api.deps.db,
        backend: api.deps.backend,
        storage,
        tenantId: group.tenantId,
        storeId,
      }),
    ).toEqual({ resumed: 0, failed: 1 });
    expect(await progress(id)).toMatchObject({
      status: 'failed',
      failure: '导入文件已不在存储中，无法继续导入；请重新上传文件',
      resumable: false,
    });
  });
});

describe('the nightly sweep of import files', () => {
  it('removes files older than a day that no import needs, and only the tenant’s own', async () => {
    const storage = diskImportStorage({ dir: importDir });
    const tenantDir = join(importDir, group.tenantId);
    const otherTenantDir = join(importDir, '00000000-0000-4000-8000-000000000001');
    await mkdir(otherTenantDir, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000);
    const file = async (dir: string, name: string, bytes: number, old: boolean) => {
      await writeFile(join(dir, name), new Uint8Array(bytes));
      if (old) await utimes(join(dir, name), twoDaysAgo, twoDaysAgo);
    };
    // Two orphans of a day and more (a crash, a killed upload), one just written (an upload in progress).
    await file(tenantDir, '11111111-1111-4111-8111-111111111111', 1000, true);
    await file(tenantDir, '22222222-2222-4222-8222-222222222222', 2500, true);
    await file(tenantDir, '33333333-3333-4333-8333-333333333333', 700, false);
    // An import waiting to be started keeps its file however old; so does a resumable failed one.
    const waiting = await upload('等待.csv', csv(6, 2));
    await utimes(join(tenantDir, waiting), twoDaysAgo, twoDaysAgo);
    // A file left behind by an import that is done (its own removal was cut short).
    const done = await upload('完成.csv', csv(7, 2));
    await start(done);
    await ended(done);
    await file(tenantDir, done, 400, true);
    // Another tenant's orphan: not this tenant's sweep to take.
    await file(otherTenantDir, '44444444-4444-4444-8444-444444444444', 900, true);

    expect(await sweepOrphanFiles({ db: api.deps.db, storage, tenantId: group.tenantId })).toEqual({
      removedFiles: 3,
      removedBytes: 3900,
    });
    expect((await readdir(tenantDir)).sort()).toEqual(
      ['33333333-3333-4333-8333-333333333333', waiting].sort(),
    );
    expect(await readdir(otherTenantDir)).toEqual(['44444444-4444-4444-8444-444444444444']);
    // Nothing more to take on a second run.
    expect(await sweepOrphanFiles({ db: api.deps.db, storage, tenantId: group.tenantId })).toEqual({
      removedFiles: 0,
      removedBytes: 0,
    });
  }, 120_000);
});
