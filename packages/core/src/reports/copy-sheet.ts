import ExcelJS from 'exceljs';

/**
 * Copies a sheet another area already lays out (its own export, read back from its bytes)
 * into the month's workbook under `name`: values, number formats, fonts, alignment, merged
 * ranges, column widths and frozen panes — so the pack shows exactly what that export shows.
 */
export async function copySheetFrom(
  bytes: Uint8Array,
  sheetName: string,
  into: ExcelJS.Workbook,
  name: string,
): Promise<ExcelJS.Worksheet> {
  const source = new ExcelJS.Workbook();
  await source.xlsx.load(bytes as unknown as ArrayBuffer);
  const from = source.getWorksheet(sheetName);
  if (!from) throw new Error(`the workbook has no sheet ${sheetName}`);
  const to = into.addWorksheet(name);
  from.eachRow({ includeEmpty: true }, (row, r) => {
    const target = to.getRow(r);
    if (row.height) target.height = row.height;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const copy = target.getCell(c);
      if (!cell.isMerged || cell.master === cell) copy.value = cell.value;
      copy.style = { ...cell.style };
    });
  });
  for (const range of from.model.merges ?? []) to.mergeCells(range);
  from.columns.forEach((column, i) => {
    if (column.width) to.getColumn(i + 1).width = column.width;
  });
  to.views = from.views;
  return to;
}
