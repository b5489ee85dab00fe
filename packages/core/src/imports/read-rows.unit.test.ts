import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRows } from './read-rows.ts';

async function csv(chunks: (string | Uint8Array)[]) {
  const rows = [];
  for await (const row of readRows(
    Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))),
    'csv',
  ))
    rows.push(row);
  return rows;
}

describe('reading a CSV as a stream', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside fields, CRLF and a BOM', async () => {
    expect(await csv(['\uFEFF姓名,备注\r\n"张,三","说""好""的\n第二行"\r\n李四,\r\n'])).toEqual([
      { rowNumber: 1, cells: ['姓名', '备注'] },
      { rowNumber: 2, cells: ['张,三', '说"好"的\n第二行'] },
      { rowNumber: 3, cells: ['李四', null] },
    ]);
  });

  it('gives the same rows whatever the chunk boundaries (a doubled quote or a character split in two)', async () => {
    const text = '姓名,备注\r\n"说""好""",x\r\n';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await csv([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(await csv([text]));
    }
  });

  it('reads a CSV Excel saved in GB18030', async () => {
    const gbk = Uint8Array.from([0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0d, 0x0a]); // 张三,1
    expect(await csv([gbk])).toEqual([{ rowNumber: 1, cells: ['张三', '1'] }]);
  });

  it('skips blank lines and refuses an unterminated quote', async () => {
    expect((await csv(['a,b\n\n,\nc,d'])).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    await expect(csv(['a,"b\n'])).rejects.toThrow(/unterminated/);
  });
});

describe('a source that fails', () => {
  it.each(['xlsx', 'csv'] as const)(
    'ends the %s rows with the error of a file gone from storage, not a hang or a crash',
    async (format) => {
      const rows = readRows(createReadStream('/nonexistent/crm-import-file'), format);
      await expect(rows.next()).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});
