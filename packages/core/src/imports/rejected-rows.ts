import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { assertMayIngest } from '../events/ingest.ts';
import { type ImportCommandOptions, importRow } from './imports.ts';

/** Header of the column added beside the file's own: why the row was not imported. */
export const reasonHeader = '错误原因 (reason)';

export interface RejectedRowsWorkbook {
  fileName: string;
  /** Writes the workbook to `output` as it reads the rejections, a few hundred at a time. */
  write(output: Writable): Promise<void>;
}

/**
 * The rejected rows of an import as an XLSX workbook: the file's own header and cells,
 * row by row, with the reason beside each, so the sheet can be fixed and imported again.
 * The rows may carry personal data: the download is written to the audit log.
 *
 * @example
 * const workbook = await rejectedRowsWorkbook({ db, actor, storeId, importId });
 * await workbook.write(response);
 */
export async function rejectedRowsWorkbook({
  db,
  actor,
  storeId,
  importId,
  requestId,
}: ImportCommandOptions): Promise<RejectedRowsWorkbook> {
  assertMayIngest(actor, storeId);
  const row = await db.withTenant(actor.tenantId, async (tx) => {
    const found = await importRow(tx, storeId, importId);
    await recordAudit(
      tx,
      actor,
      { action: 'imports.rejectedRows.export', entity: 'import', entityId: importId, storeId },
      requestId,
    );
    return found;
  });
  return {
    fileName: `${row.fileName.replace(/\.(csv|xlsx)$/i, '')}-rejected.xlsx`,
    write: (output) => writeRejections(db, actor.tenantId, importId, row.headers, output),
  };
}

async function writeRejections(
  db: Database,
  tenantId: string,
  importId: string,
  headers: string[],
  output: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('rejected');
  sheet.addRow(['行号 (row)', ...headers, reasonHeader]).commit();
  await db.withTenant(tenantId, async (tx) => {
    const cursor = tx<{ rowNumber: number; cells: (string | null)[]; reasons: string }[]>`
      select row_number, cells, reasons from import_rejections where import_id = ${importId} order by row_number`.cursor(
      500,
    );
    for await (const rows of cursor) {
      for (const r of rows) {
        const cells = headers.map((_, i) => r.cells[i] ?? null);
        sheet.addRow([r.rowNumber, ...cells, r.reasons]).commit();
      }
    }
  });
  sheet.commit();
  await workbook.commit();
}
