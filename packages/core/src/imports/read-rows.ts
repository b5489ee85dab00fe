import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type ExcelJS from 'exceljs';
import type { Cell } from './cells.ts';
import type { FileRefusal } from './file-limits.ts';

export type ImportFormat = 'csv' | 'xlsx';

/** One non-empty row of the file; `rowNumber` counts from 1 at the top of the file, as Excel shows it. */
export interface FileRow {
  rowNumber: number;
  cells: Cell[];
}

/** The file could not be read as what it claims to be: the import is refused, nothing is written. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    message: string,
    readonly reason: FileRefusal = 'unreadable',
  ) {
    super(message);
  }
}

/**
 * The source's own failure (a file gone from storage, a disk error) ends the rows with
 * that error: exceljs pipes its input without listening for errors, which would otherwise
 * be an uncaught 'error' event that ends the process, and leave the reader waiting forever.
 */
async function* failingWith<T>(input: Readable, rows: AsyncGenerator<T>): AsyncGenerator<T> {
  const failed = new Promise<never>((_, reject) => input.once('error', reject));
  failed.catch(() => {});
  for (;;) {
    const next = await Promise.race([rows.next(), failed]);
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The rows of an uploaded file, one at a time, never the whole file in memory: XLSX
 * through exceljs's streaming reader (first worksheet), CSV through a small RFC 4180
 * parser. Blank rows are skipped.
 */
export async function* readRows(
  input: Readable,
  format: ImportFormat,
  { maxCsvCellChars = 32_768 }: { maxCsvCellChars?: number } = {},
): AsyncGenerator<FileRow> {
  const rows = failingWith(input, format === 'xlsx' ? xlsxRows(input) : csvRows(input, maxCsvCellChars));
  for await (const row of rows) {
    if (row.cells.some((c) => c !== null && !(typeof c === 'string' && c.trim() === ''))) yield row;
  }
}

type ExcelValue = ExcelJS.CellValue;

function excelCell(value: ExcelValue | undefined): Cell {
  if (value == null) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return excelCell(value.result as ExcelValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return null;
  return null;
}

async function* xlsxRows(input: Readable): AsyncGenerator<FileRow> {
  // Loaded when a workbook is read: a parser thread reading a CSV starts without it.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles say which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        // exceljs rows are 1-based: values[0] is always empty.
        yield { rowNumber: row.number, cells: values.slice(1).map((v) => excelCell(v as ExcelValue)) };
      }
      return;
    }
  } catch (error) {
    throw new UnreadableFileError(`not a readable XLSX workbook (${(error as Error).message})`);
  }
}

/** UTF-8 (with or without BOM) unless the first bytes are not UTF-8: then GB18030, as Excel saves Chinese CSV. */
function decoderFor(head: Uint8Array): TextDecoder {
  try {
    // `stream` lets a character cut at the chunk's end pass: only bytes that are not UTF-8 fail.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return new TextDecoder('utf-8');
  } catch {
    return new TextDecoder('gb18030');
  }
}

async function* csvRows(input: Readable, maxCellChars: number): AsyncGenerator<FileRow> {
  let decoder: TextDecoder | undefined;
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let rowNumber = 0;
  let pendingCr = false;
  const endField = () => {
    record.push(field);
    field = '';
    afterQuote = false;
  };
  const endRecord = (): FileRow => {
    endField();
    rowNumber += 1;
    const row = { rowNumber, cells: record.map((c): Cell => (c === '' ? null : c)) };
    record = [];
    return row;
  };
  for await (const chunk of input) {
    const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk));
    // No text file has a NUL byte: this is a binary file (or UTF-16) named .csv.
    if (bytes.includes(0))
      throw new UnreadableFileError(
        'a binary file, not a text CSV (save it as CSV UTF-8 or as .xlsx)',
        'binaryCsv',
      );
    decoder ??= decoderFor(bytes);
    let text = decoder.decode(bytes, { stream: true });
    if (rowNumber === 0 && record.length === 0 && field === '' && text.charCodeAt(0) === 0xfeff)
      text = text.slice(1);
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c !== '"') field += c;
        else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          // Closing, unless the next chunk starts with the quote that doubles it.
          quoted = false;
          afterQuote = i + 1 === text.length;
        }
      } else if (c === '"' && afterQuote) {
        // The second half of a doubled quote split across chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
      } else if (c === '"' && field === '') quoted = true;
      else if (c === ',') endField();
      else if (c === '\n' || c === '\r') {
        pendingCr = c === '\r';
        yield endRecord();
      } else field += c;
    }
    if (field.length > maxCellChars)
      throw new UnreadableFileError(
        `a cell in row ${rowNumber + 1} is longer than ${maxCellChars} characters (a quote left open, or not a CSV)`,
        'csvCellTooLong',
      );
  }
  if (quoted) throw new UnreadableFileError(`unterminated quoted field in row ${rowNumber + 1}`);
  if (field !== '' || record.length > 0) yield endRecord();
}
