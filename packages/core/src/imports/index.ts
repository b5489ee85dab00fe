export {
  autoMapping,
  type ColumnMapping,
  foldHeader,
  type ImportField,
  importColumns,
  importFields,
} from './columns.ts';
export {
  type CreateImportOptions,
  createImport,
  getImport,
  type ImportCommandOptions,
  previewImport,
  startImport,
} from './imports.ts';
export { type RejectedRowsWorkbook, reasonHeader, rejectedRowsWorkbook } from './rejected-rows.ts';
export { runImport } from './run-import.ts';
export * from './schema.ts';
export { defaultImportDir, diskImportStorage, type ImportStorage } from './storage.ts';
