import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type SeededGroup, seedGroup, testConfig } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { workbookEntries, zipArchive } from '../support/xlsx-zip.ts';

// Uploads go to a directory of this file's own, to see what is left behind.
const importDir = mkdtempSync(join(tmpdir(), 'crm-import-bombs-'));
process.env.IMPORT_DIR = importDir;
const api = testApi(testConfig());
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

const imports = () => `/v1/stores/${storeId}/imports`;
const storedFiles = async () =>
  (await readdir(importDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
const importCount = () =>
  api.deps.db.withTenant(group.tenantId, async (tx) => {
    const [row] = await tx<{ n: number }[]>`select count(*)::int as n from imports`;
    return row?.n ?? 0;
  });

const text = (s: string) => new TextEncoder().encode(s);
const header = ['客户姓名', '联系电话', '车架号', '车牌号', '车型', '交车日期'];
const row = ['张三', '13800138000', 'LSVAU2180N0000011', '皖A00001', '卡罗拉', '2026-11-01'];
const sst =
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** A workbook whose shared strings are one string of `megabytes` MiB (the same letter): about 1 KiB packed per MiB. */
function sharedStringsBomb(megabytes: number, declaredSize?: number) {
  return zipArchive(
    workbookEntries([header, row], {
      name: 'xl/sharedStrings.xml',
      prefix: text(`${sst}<si><t>`),
      content: new Uint8Array(1_048_576).fill(0x41),
      repeat: megabytes,
      suffix: text('</t></si></sst>'),
      declaredSize,
    }),
  );
}

// Live memory, not garbage not yet collected: each sample runs a full collection first.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

describe('reading an upload is bounded whatever it holds', () => {
  it('reads the hand-built workbook when it is an honest one (the fixture is a real XLSX)', async () => {
    const reply = await hq.upload(
      imports(),
      '客户.xlsx',
      await zipArchive(workbookEntries([header, row, row])),
    );
    expect(reply.status).toBe(201);
    expect(reply.body.import.headers).toEqual(header);
    expect(reply.body.import.totalRows).toBe(2);
    expect(reply.body.preview[0].cells).toEqual(row);
  });

  it('refuses four 1 GiB shared-string bombs at once with 413, quickly, keeping the API small and nothing on disk', async () => {
    const bomb = await sharedStringsBomb(1024);
    expect(bomb.length).toBeLessThan(1_048_576);
    const files = await storedFiles();
    const rows = await importCount();
    const baseline = live();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, live());
    }, 250);
    const started = Date.now();
    const replies = await Promise.all([1, 2, 3, 4].map((n) => hq.upload(imports(), `炸弹${n}.xlsx`, bomb)));
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, live());
    console.log(
      `4 × ${mib(bomb.length)} XLSX unpacking to 1 GiB each: refused in ${seconds.toFixed(1)} s; ` +
        `live heap + buffers grew by at most ${mib(peak - baseline)}, ${mib(live() - baseline)} after`,
    );
    for (const reply of replies) {
      expect(reply.status).toBe(413);
      expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(reply.body.error.details).toEqual([
        {
          path: 'file',
          message: 'the shared strings unpack to 1024.0 MiB, over the limit of 64.0 MiB',
          reason: 'sharedStringsTooLarge',
        },
      ]);
    }
    expect(seconds).toBeLessThan(30);
    expect(peak - baseline).toBeLessThan(32 * 1_048_576);
    expect(await storedFiles()).toBe(files);
    expect(await importCount()).toBe(rows);
  }, 120_000);

  it('refuses a bomb whose directory lies about its size once unpacking passes what it declared', async () => {
    // 300 MiB of shared strings declared as 2,000 bytes: under every declared limit.
    const files = await storedFiles();
    const reply = await hq.upload(imports(), '说谎.xlsx', await sharedStringsBomb(300, 2000));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('INVALID_INPUT');
    expect(reply.body.error.details).toEqual([
      {
        path: 'file',
        message: expect.stringContaining('not the 2000 its directory declares'),
        reason: 'sizeMismatch',
      },
    ]);
    expect(await storedFiles()).toBe(files);
  }, 60_000);

  it('refuses an archive of 5,000 entries before unpacking any', async () => {
    const many = await zipArchive(
      Array.from({ length: 5000 }, (_, i) => ({ name: `xl/media/${i}.xml`, content: text('<x/>') })),
    );
    const reply = await hq.upload(imports(), '很多.xlsx', many);
    expect(reply.status).toBe(413);
    expect(reply.body.error.details).toEqual([
      {
        path: 'file',
        message: '5000 entries in the archive (a workbook has a few dozen; at most 1000)',
        reason: 'tooManyEntries',
      },
    ]);
  });

  it('refuses an entry packed a thousandfold though the total is under the limit', async () => {
    const one = text('<row><c><v>1</v></c></row>'.repeat(40_000));
    const entries = workbookEntries([header, row]).map((e) =>
      e.name === 'xl/worksheets/sheet1.xml' ? { ...e, content: one, repeat: 50 } : e,
    );
    const reply = await hq.upload(imports(), '高压缩.xlsx', await zipArchive(entries));
    expect(reply.status).toBe(413);
    expect(reply.body.error.details).toEqual([
      {
        path: 'file',
        message: expect.stringMatching(
          /^xl\/worksheets\/sheet1.xml unpacks \d+ times its size \(at most 200\)$/,
        ),
        reason: 'compressionRatio',
      },
    ]);
  }, 60_000);

  it('stops a parse that runs past IMPORT_PARSE_SECONDS and refuses the file, keeping nothing', async () => {
    const files = await storedFiles();
    const rows = await importCount();
    const line = `${row.join(',')}\n`;
    process.env.IMPORT_PARSE_SECONDS = '0.2';
    try {
      const reply = await hq.upload(
        imports(),
        '慢.csv',
        text(`${header.join(',')}\n${line.repeat(20_000)}`),
        'text/csv',
      );
      expect(reply.status).toBe(413);
      expect(reply.body.error.details).toEqual([
        { path: 'file', message: 'reading the file took longer than 0.2 s', reason: 'parseTimeout' },
      ]);
    } finally {
      delete process.env.IMPORT_PARSE_SECONDS;
    }
    expect(await storedFiles()).toBe(files);
    expect(await importCount()).toBe(rows);
  });

  it('refuses a binary file named .csv with 400 and its reason, keeping no file and no import', async () => {
    const files = await storedFiles();
    const rows = await importCount();
    // The start of a PNG: bytes that are no text.
    const binary = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const reply = await hq.upload(imports(), '客户.csv', binary, 'text/csv');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 'INVALID_INPUT',
      message: 'The file cannot be read: a binary file, not a text CSV (save it as CSV UTF-8 or as .xlsx)',
      details: [
        {
          path: 'file',
          message: 'a binary file, not a text CSV (save it as CSV UTF-8 or as .xlsx)',
          reason: 'binaryCsv',
        },
      ],
    });
    expect(await storedFiles()).toBe(files);
    expect(await importCount()).toBe(rows);
  });
});
