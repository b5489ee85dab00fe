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
  fileTooLarge,
  getImport,
  type ImportCommandOptions,
  previewImport,
  startImport,
  type UploadedFile,
} from './imports.ts';
export { type RejectedRowsWorkbook, reasonHeader, rejectedRowsWorkbook } from './rejected-rows.ts';
export { runImport } from './run-import.ts';
export * from './schema.ts';
export { defaultImportDir, diskImportStorage, FileTooLargeError, type ImportStorage } from './storage.ts';
