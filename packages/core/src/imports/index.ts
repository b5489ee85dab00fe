export {
  autoMapping,
  type ColumnMapping,
  foldHeader,
  type ImportField,
  importColumns,
  importFields,
} from './columns.ts';
export { type FileRefusal, fileLimits } from './file-limits.ts';
export {
  type CreateImportOptions,
  createImport,
  fileTooLarge,
  getImport,
  type ImportCommandOptions,
  previewImport,
  resumeImport,
  startImport,
  type UploadedFile,
} from './imports.ts';
export { type RejectedRowsWorkbook, reasonHeader, rejectedRowsWorkbook } from './rejected-rows.ts';
export { maxAutomaticResumes, resumeStalledImports } from './resume-stalled-imports.ts';
export { runImport } from './run-import.ts';
export * from './schema.ts';
export { defaultImportDir, diskImportStorage, FileTooLargeError, type ImportStorage } from './storage.ts';
export { sweepOrphanFiles } from './sweep-orphan-files.ts';
