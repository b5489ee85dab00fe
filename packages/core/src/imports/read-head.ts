import { createReadStream } from 'node:fs';
import type { FileLimits } from './file-limits.ts';
import { type FileRow, type ImportFormat, readRows } from './read-rows.ts';

/** The head of a file: its header row, the first data rows, and how many data rows there are. */
export interface FileHead {
  header: FileRow | null;
  rows: FileRow[];
  totalRows: number;
}

export interface ReadHeadOptions {
  path: string;
  format: ImportFormat;
  limits: FileLimits;
  /** Data rows to keep (the preview's). */
  keep: number;
}

/**
 * Reads a stored file once: a CSV is refused at a NUL byte or an endless cell; an XLSX has
 * been inspected first (inspectXlsx). Runs inside a parser thread (parse-in-thread.ts),
 * never on the API's own heap.
 */
export async function readHead({ path, format, limits, keep }: ReadHeadOptions): Promise<FileHead> {
  const source = createReadStream(path);
  const head: FileHead = { header: null, rows: [], totalRows: 0 };
  try {
    for await (const row of readRows(source, format, { maxCsvCellChars: limits.maxCsvCellChars })) {
      if (!head.header) head.header = row;
      else {
        head.totalRows += 1;
        if (head.rows.length < keep) head.rows.push(row);
      }
    }
  } finally {
    source.destroy();
  }
  return head;
}
