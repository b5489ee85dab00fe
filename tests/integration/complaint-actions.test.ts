import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isolatedDatabase,
  type SeededGroup,
  sampleJpeg,
  samplePdf,
  samplePng,
  seedGroup,
  testConfig,
  windowsProgram,
} from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

/** 纠正预防措施 with attachments: type and size limits, stored on disk, never across tenants. */
const dir = await mkdtemp(join(tmpdir(), 'crm-attachments-'));
const api = testApi(testConfig({ env: { ATTACHMENTS_DIR: dir } }));
let a: SeededGroup;
let b: SeededGroup;
let hqA: Client;
let hqB: Client;
let staffA: Client;

const png = samplePng;
const pdf = samplePdf;

beforeAll(async () => {
  [a, b] = await Promise.all([seedGroup(api.deps.db), seedGroup(api.deps.db)]);
  hqA = new Client(api.app);
  await hqA.login(a.users.hq_admin.email, a.users.hq_admin.password);
  hqB = new Client(api.app);
  await hqB.login(b.users.hq_admin.email, b.users.hq_admin.password);
  staffA = new Client(api.app);
  await staffA.login(a.users.staff.email, a.users.staff.password);
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

async function complaintWithAction(hq: Client, storeId: string) {
  const { complaint } = await hq.ok('POST', `/v1/stores/${storeId}/complaints`, {
    channel: 'email',
    category: 'staffError',
    severity: 'ordinary',
    complainantName: '李先生',
    customerWords: '结算单金额错误',
  });
  const base = `/v1/stores/${storeId}/complaints/${complaint.id}/actions`;
  const action = await hq.ok('POST', base, {
    kind: 'corrective',
    description: '退还多收费用并向客户致歉',
    dueOn: '2026-12-31',
  });
  return { complaintId: complaint.id as string, base, action };
}

describe('corrective and preventive actions', () => {
  it('keeps actions and their files in the archive, and the file comes back byte for byte', async () => {
    const storeId = a.storeIds[0] as string;
    const { complaintId, base, action } = await complaintWithAction(hqA, storeId);
    expect(action).toMatchObject({ kind: 'corrective', doneAt: null, attachments: [] });
    await hqA.ok('POST', base, { kind: 'preventive', description: '收银员结算前双人复核' });
    const file = await hqA.ok('POST', `${base}/${action.id}/attachments`, {
      fileName: '退款凭证.pdf',
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(file).toMatchObject({ fileName: '退款凭证.pdf', sizeBytes: pdf.length });
    const done = await hqA.ok('POST', `${base}/${action.id}/done`);
    expect(done.doneAt).not.toBeNull();
    const listed = await hqA.ok('GET', base);
    expect(
      listed.items.map((x: { kind: string; attachments: unknown[] }) => [x.kind, x.attachments.length]),
    ).toEqual([
      ['corrective', 1],
      ['preventive', 0],
    ]);
    const res = await hqA.request('GET', `/v1/stores/${storeId}/complaint-attachments/${file.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('退款凭证.pdf'));
    expect(res.body).toBe(pdf.toString());
    // On disk under the tenant's own directory.
    expect(await readdir(join(dir, a.tenantId))).toHaveLength(1);
    const page = await hqA.ok('GET', `/v1/stores/${storeId}/complaints/${complaintId}`);
    expect(page.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['actionAdded', 'attachmentAdded', 'actionDone']),
    );
  });

  it.each([
    ['too big', 'image/png', Buffer.concat([png, Buffer.alloc(520 * 1024)]), 'contentBase64'],
    ['empty', 'image/png', Buffer.alloc(0), 'contentBase64'],
    ['not what it claims (text called a PNG)', 'image/png', Buffer.from('MZ 这是一个程序'), 'contentType'],
    ['a type not allowed', 'application/x-msdownload', Buffer.from('MZ'), 'contentType'],
  ])('refuses a file that is %s', async (_what, contentType, bytes, field) => {
    const { base, action } = await complaintWithAction(hqA, a.storeIds[0] as string);
    const reply = await hqA.request('POST', `${base}/${action.id}/attachments`, {
      fileName: 'x.png',
      contentType,
      contentBase64: bytes.toString('base64'),
    });
    expect([400, 413]).toContain(reply.status);
    if (reply.status === 400)
      expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    const listed = await hqA.ok('GET', base);
    expect(listed.items[0].attachments).toEqual([]);
  });

  it('refuses a JPEG with a Windows program behind it, named evil.exe, and keeps nothing', async () => {
    const storeId = a.storeIds[0] as string;
    const { base, action } = await complaintWithAction(hqA, storeId);
    const before = await readdir(join(dir, a.tenantId)).catch(() => []);
    const reply = await hqA.request('POST', `${base}/${action.id}/attachments`, {
      fileName: 'evil.exe',
      contentType: 'image/jpeg',
      contentBase64: Buffer.concat([sampleJpeg.subarray(0, 20), windowsProgram]).toString('base64'),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: [{ path: 'contentBase64', reason: 'executable', message: '文件中夹带了Windows 可执行程序' }],
    });
    const appended = await hqA.request('POST', `${base}/${action.id}/attachments`, {
      fileName: 'photo.jpg',
      contentType: 'image/jpeg',
      contentBase64: Buffer.concat([sampleJpeg, Buffer.from('<html><script>alert(1)</script>')]).toString(
        'base64',
      ),
    });
    expect(appended.status).toBe(400);
    expect(appended.body.error.details).toEqual([
      { path: 'contentBase64', reason: 'notWhole', message: 'JPEG 图片结束之后还附有其他数据' },
    ]);
    expect((await hqA.ok('GET', base)).items[0].attachments).toEqual([]);
    expect(await readdir(join(dir, a.tenantId)).catch(() => [])).toEqual(before);
  });

  it.each([
    ['现场照片.exe', 'image/jpeg', '现场照片.jpg', 'jpg', sampleJpeg],
    ['签到表', 'image/png', '签到表.png', 'png', samplePng],
    ['../整改报告.PDF', 'application/pdf', '整改报告.pdf', 'pdf', samplePdf],
  ] as const)(
    'accepts a real file sent as %j (%s) and keeps and serves it as %j',
    async (name, type, served, ext, bytes) => {
      const storeId = a.storeIds[0] as string;
      const { base, action } = await complaintWithAction(hqA, storeId);
      const file = await hqA.ok('POST', `${base}/${action.id}/attachments`, {
        fileName: name,
        contentType: type,
        contentBase64: bytes.toString('base64'),
      });
      expect(file).toMatchObject({ fileName: served, contentType: type, sizeBytes: bytes.length });
      const res = await hqA.request('GET', `/v1/stores/${storeId}/complaint-attachments/${file.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent(served)}`,
      );
      const rows = await api.deps.db.withTenant(
        a.tenantId,
        (tx) => tx<{ storageKey: string }[]>`
      select storage_key from complaint_attachments where id = ${file.id}`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.storageKey).toMatch(new RegExp(`^${a.tenantId}/[0-9a-f-]{36}\\.${ext}$`));
    },
  );

  it('does not serve a file kept before the whole-file check that fails it now', async () => {
    const storeId = a.storeIds[0] as string;
    const { base, action } = await complaintWithAction(hqA, storeId);
    const file = await hqA.ok('POST', `${base}/${action.id}/attachments`, {
      fileName: 'photo.jpg',
      contentType: 'image/jpeg',
      contentBase64: sampleJpeg.toString('base64'),
    });
    const [row] = await api.deps.db.withTenant(
      a.tenantId,
      (tx) => tx<{ storageKey: string }[]>`
      select storage_key from complaint_attachments where id = ${file.id}`,
    );
    // What an upload before the check could leave: the picture with a program behind it.
    await writeFile(join(dir, row?.storageKey as string), Buffer.concat([sampleJpeg, windowsProgram]));
    const res = await hqA.request('GET', `/v1/stores/${storeId}/complaint-attachments/${file.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: '附件未通过文件内容检查,不提供下载' });
  });

  it("never serves another tenant's file, action or complaint", async () => {
    const storeB = b.storeIds[0] as string;
    const { complaintId, base, action } = await complaintWithAction(hqB, storeB);
    const file = await hqB.ok('POST', `${base}/${action.id}/attachments`, {
      fileName: '照片.png',
      contentType: 'image/png',
      contentBase64: png.toString('base64'),
    });
    const storeA = a.storeIds[0] as string;
    for (const [method, path, body] of [
      ['GET', `/v1/stores/${storeB}/complaint-attachments/${file.id}`],
      ['GET', `/v1/stores/${storeA}/complaint-attachments/${file.id}`],
      ['GET', `/v1/stores/${storeA}/complaints/${complaintId}/actions`],
      [
        'POST',
        `/v1/stores/${storeA}/complaints/${complaintId}/actions/${action.id}/attachments`,
        { fileName: 'x.png', contentType: 'image/png', contentBase64: png.toString('base64') },
      ],
    ] as const) {
      const reply = await hqA.request(method, path, body);
      expect({ path, status: reply.status }).toEqual({ path, status: 404 });
    }
  });

  it("hides a complaint's files from a staff member who is not responsible for it", async () => {
    const storeId = a.storeIds[0] as string;
    const { base, action } = await complaintWithAction(hqA, storeId);
    const file = await hqA.ok('POST', `${base}/${action.id}/attachments`, {
      fileName: 'a.png',
      contentType: 'image/png',
      contentBase64: png.toString('base64'),
    });
    expect(
      (await staffA.request('GET', `/v1/stores/${storeId}/complaint-attachments/${file.id}`)).status,
    ).toBe(404);
    expect((await staffA.request('GET', base)).status).toBe(404);
  });
});

describe('an attachment whose transaction fails', () => {
  it('leaves no file behind when the commit is refused after the file was written', async () => {
    // A database of its own, where a deferred check refuses every attachment row at commit:
    // the file is written by then (it is the transaction's last step) and must go again.
    const iso = await isolatedDatabase();
    const ownDir = await mkdtemp(join(tmpdir(), 'crm-attachments-'));
    const ownApi = testApi({ ...iso.config, ATTACHMENTS_DIR: ownDir });
    try {
      await iso.owner.unsafe(`
        create function refuse_at_commit() returns trigger language plpgsql as $$
        begin raise exception 'refused at commit' using errcode = 'check_violation'; end $$;
        create constraint trigger complaint_attachments_refused after insert on complaint_attachments
          deferrable initially deferred for each row execute function refuse_at_commit();`);
      const group = await seedGroup(ownApi.deps.db);
      const hq = new Client(ownApi.app);
      await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
      const { base, action } = await complaintWithAction(hq, group.storeIds[0] as string);
      const reply = await hq.request('POST', `${base}/${action.id}/attachments`, {
        fileName: '照片.png',
        contentType: 'image/png',
        contentBase64: png.toString('base64'),
      });
      expect(reply.status).toBe(400);
      expect((await hq.ok('GET', base)).items[0].attachments).toEqual([]);
      // The tenant's directory was made for the file; the file itself is gone.
      expect(await readdir(join(ownDir, group.tenantId))).toEqual([]);
    } finally {
      await ownApi.close();
      await iso.drop();
      await rm(ownDir, { recursive: true, force: true });
    }
  });
});
