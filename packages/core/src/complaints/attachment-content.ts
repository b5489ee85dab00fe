/**
 * What an attachment's bytes really are, read from the whole file rather than its first
 * bytes: a JPEG header followed by a Windows program is a program, whatever it is called.
 * Each accepted type is walked to its own end (JPEG to EOI, PNG to IEND, PDF to %%EOF,
 * an Office file to its zip directory's end record) and nothing may follow it, and no file
 * may carry an executable (a Windows PE or a Linux ELF image) anywhere inside. Pure.
 */

export type ContentProblem = { reason: 'typeMismatch' | 'notWhole' | 'executable'; message: string };

/** The types and the bytes their files begin with; Office files are zip archives. */
const heads = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [0x50, 0x4b, 0x03, 0x04],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [0x50, 0x4b, 0x03, 0x04],
} as const;
export type CheckedType = keyof typeof heads;

const startsWith = (b: Buffer, at: number, head: readonly number[]) => head.every((x, i) => b[at + i] === x);

/** Where the JPEG starting at `start` ends (just past its EOI), or null if it is not one whole. */
function jpegEnd(b: Buffer, start: number): number | null {
  if (b[start] !== 0xff || b[start + 1] !== 0xd8) return null;
  let i = start + 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return null;
    while (b[i] === 0xff) i += 1; // fill bytes
    const marker = b[i];
    i += 1;
    if (marker === undefined || marker === 0x00 || marker === 0xd8) return null;
    if (marker === 0xd9) return i;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (i + 2 > b.length) return null;
    const length = b.readUInt16BE(i);
    if (length < 2) return null;
    i += length;
    if (marker === 0xda) {
      // Scan data runs to the next marker; FF 00 is a stuffed byte and RSTn restarts it.
      while (i < b.length) {
        if (b[i] === 0xff) {
          const next = b[i + 1];
          if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) {
            i += 2;
            continue;
          }
          if (next === 0xff) {
            i += 1;
            continue;
          }
          break;
        }
        i += 1;
      }
    }
  }
  return null;
}

function jpegProblem(b: Buffer): string | null {
  let end = jpegEnd(b, 0);
  // A phone's multi-picture JPEG (MPF) keeps its further images whole after the first.
  while (end !== null && end < b.length && b[end] === 0xff && b[end + 1] === 0xd8) end = jpegEnd(b, end);
  if (end === null) return 'JPEG 图片不完整或结构有误';
  if (b.subarray(end).some((x) => x !== 0)) return 'JPEG 图片结束之后还附有其他数据';
  return null;
}

function pngProblem(b: Buffer): string | null {
  let i = 8;
  let first = true;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (first && type !== 'IHDR') break;
    first = false;
    i += 12 + length;
    if (type === 'IEND') return i === b.length ? null : 'PNG 图片结束之后还附有其他数据';
  }
  return 'PNG 图片不完整或结构有误';
}

function pdfProblem(b: Buffer): string | null {
  const tail = b.toString('latin1', Math.max(0, b.length - 1024)).replace(/[\s\0]+$/, '');
  return tail.endsWith('%%EOF') ? null : 'PDF 文件不完整,或 %%EOF 之后还附有其他数据';
}

/** The names a zip's central directory lists, or a problem when it does not end the file. */
function zipNames(b: Buffer): string[] | string {
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > b.length || eocd < b.length - 22 - 0xffff) return 'Office 文件不完整';
  if (eocd + 22 + b.readUInt16LE(eocd + 20) !== b.length) return 'Office 文件结束之后还附有其他数据';
  const count = b.readUInt16LE(eocd + 10);
  const size = b.readUInt32LE(eocd + 12);
  const offset = b.readUInt32LE(eocd + 16);
  if (offset + size !== eocd) return 'Office 文件结构有误';
  const names: string[] = [];
  let p = offset;
  for (let n = 0; n < count; n += 1) {
    if (p + 46 > eocd || b.readUInt32LE(p) !== 0x02014b50) return 'Office 文件结构有误';
    const nameLength = b.readUInt16LE(p + 28);
    names.push(b.toString('utf8', p + 46, p + 46 + nameLength));
    p += 46 + nameLength + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  return p === eocd ? names : 'Office 文件结构有误';
}

const runnable = /\.(exe|dll|scr|com|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|jar|msi|sh|lnk)$/i;

function officeProblem(b: Buffer, part: string, what: string): string | null {
  const names = zipNames(b);
  if (typeof names === 'string') return names;
  if (!names.includes('[Content_Types].xml') || !names.includes(part)) return `不是完整的${what}`;
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return `${what}中含有宏,请另存为不含宏的文件`;
  const program = names.find((n) => runnable.test(n));
  return program ? `${what}中夹带了程序文件 ${program}` : null;
}

const wholeProblem: Record<CheckedType, (b: Buffer) => string | null> = {
  'image/jpeg': jpegProblem,
  'image/png': pngProblem,
  'application/pdf': pdfProblem,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) =>
    officeProblem(b, 'xl/workbook.xml', 'Excel 工作簿'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) =>
    officeProblem(b, 'word/document.xml', 'Word 文档'),
};

/** A Windows PE image (MZ whose header points at PE\0\0) or an ELF image anywhere in the bytes. */
function executableInside(b: Buffer): string | null {
  for (let i = b.indexOf('MZ', 0, 'latin1'); i !== -1; i = b.indexOf('MZ', i + 1, 'latin1')) {
    if (i + 0x40 > b.length) break;
    const pe = i + b.readUInt32LE(i + 0x3c);
    if (pe + 4 <= b.length && b.readUInt32BE(pe) === 0x50450000) return 'Windows 可执行程序';
  }
  for (let i = b.indexOf('\x7fELF', 0, 'latin1'); i !== -1; i = b.indexOf('\x7fELF', i + 1, 'latin1')) {
    const bits = b[i + 4];
    const order = b[i + 5];
    if ((bits === 1 || bits === 2) && (order === 1 || order === 2) && b[i + 6] === 1)
      return 'Linux 可执行程序';
  }
  return null;
}

/**
 * Why these bytes are not wholly a file of `type`, or null when they are.
 *
 * @example
 * contentProblem('image/jpeg', Buffer.concat([jpeg, windowsProgram]));
 * // { reason: 'executable', message: '文件中夹带了 Windows 可执行程序' }
 */
export function contentProblem(type: CheckedType, bytes: Uint8Array): ContentProblem | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!startsWith(b, 0, heads[type]))
    return { reason: 'typeMismatch', message: `文件内容不是所选的类型 ${type}` };
  const program = executableInside(b);
  if (program) return { reason: 'executable', message: `文件中夹带了${program}` };
  const whole = wholeProblem[type](b);
  return whole ? { reason: 'notWhole', message: whole } : null;
}
