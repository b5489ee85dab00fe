import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  linuxProgram,
  sampleJpeg,
  samplePdf,
  samplePng,
  windowsProgram,
} from '../testing/attachment-files.ts';
import { contentProblem } from './attachment-content.ts';
import { attachmentFileName } from './attachment-policy.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('整改').addRow(['措施', '完成']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('contentProblem: the whole file is its type', () => {
  it('accepts real JPEG, PNG, PDF and XLSX files', async () => {
    expect(contentProblem('image/jpeg', sampleJpeg)).toBeNull();
    expect(contentProblem('image/png', samplePng)).toBeNull();
    expect(contentProblem('application/pdf', samplePdf)).toBeNull();
    expect(contentProblem(xlsxType, await workbook())).toBeNull();
  });

  it('accepts a phone’s multi-picture JPEG (a second whole JPEG after the first) and zero padding', () => {
    expect(contentProblem('image/jpeg', Buffer.concat([sampleJpeg, sampleJpeg]))).toBeNull();
    expect(contentProblem('image/jpeg', Buffer.concat([sampleJpeg, Buffer.alloc(16)]))).toBeNull();
  });

  it.each([
    [
      'a JPEG header followed by a Windows program',
      'image/jpeg',
      Buffer.concat([sampleJpeg.subarray(0, 20), windowsProgram]),
    ],
    [
      'a whole JPEG with a Windows program after it',
      'image/jpeg',
      Buffer.concat([sampleJpeg, windowsProgram]),
    ],
    ['a whole PNG with a Linux program after it', 'image/png', Buffer.concat([samplePng, linuxProgram])],
    [
      'a PDF with a Windows program inside',
      'application/pdf',
      Buffer.concat([samplePdf.subarray(0, 30), windowsProgram, samplePdf.subarray(30)]),
    ],
  ] as const)('refuses %s as an executable', (_, type, bytes) => {
    expect(contentProblem(type, bytes)).toMatchObject({ reason: 'executable' });
  });

  it.each([
    [
      'a JPEG with text after its end',
      'image/jpeg',
      Buffer.concat([sampleJpeg, Buffer.from('<script>x</script>')]),
      'JPEG 图片结束之后还附有其他数据',
    ],
    ['a cut-off JPEG', 'image/jpeg', sampleJpeg.subarray(0, 300), 'JPEG 图片不完整或结构有误'],
    [
      'a PNG with data after IEND',
      'image/png',
      Buffer.concat([samplePng, Buffer.from('PK')]),
      'PNG 图片结束之后还附有其他数据',
    ],
    ['a PNG signature and nothing else', 'image/png', samplePng.subarray(0, 8), 'PNG 图片不完整或结构有误'],
    [
      'a PDF with data after %%EOF',
      'application/pdf',
      Buffer.concat([samplePdf, Buffer.from('MZ 程序')]),
      'PDF 文件不完整,或 %%EOF 之后还附有其他数据',
    ],
  ] as const)('refuses %s', (_, type, bytes, message) => {
    expect(contentProblem(type, bytes)).toEqual({ reason: 'notWhole', message });
  });

  it('refuses a workbook declared as a Word document, and one with data appended', async () => {
    const book = await workbook();
    expect(contentProblem(docxType, book)).toEqual({ reason: 'notWhole', message: '不是完整的Word 文档' });
    expect(contentProblem(xlsxType, Buffer.concat([book, Buffer.from('tail')]))).toEqual({
      reason: 'notWhole',
      message: 'Office 文件结束之后还附有其他数据',
    });
  });

  it('refuses a file that is not the declared type at all', () => {
    expect(contentProblem('image/png', sampleJpeg)).toEqual({
      reason: 'typeMismatch',
      message: '文件内容不是所选的类型 image/png',
    });
    expect(contentProblem('image/jpeg', windowsProgram)).toMatchObject({ reason: 'typeMismatch' });
  });
});

describe('attachmentFileName: kept and offered under the checked type’s extension', () => {
  it.each([
    ['evil.exe', 'image/jpeg', 'evil.jpg'],
    ['现场照片.JPEG', 'image/jpeg', '现场照片.jpg'],
    ['C:\\Users\\李\\整改报告.pdf', 'application/pdf', '整改报告.pdf'],
    ['../../etc/passwd', 'image/png', 'passwd.png'],
    ['说明.pdf.exe', 'application/pdf', '说明.pdf.pdf'],
    ['报告\u202Egpj.exe', 'image/png', '报告gpj.png'],
    ['a<b>:"c"|?*.docx', docxType, 'abc.docx'],
    ['...', 'image/png', '附件.png'],
    ['.exe', 'image/png', '附件.png'],
  ] as const)('%j sent as %s is %j', (name, type, expected) => {
    expect(attachmentFileName(name, type)).toBe(expected);
  });
});
