import type { JobHandler } from '../queues/handlers.ts';
import { runImport } from './run-import.ts';
import { diskImportStorage, type ImportStorage } from './storage.ts';

let storage: ImportStorage | undefined;

/** `imports.run`: one slice of an import from its checkpoint (the import row says what is left to do). */
export const importRunJob: JobHandler<'imports.run'> = async ({ db, tenantId, log }, { importId }) => {
  storage ??= diskImportStorage();
  await runImport({ db, storage, tenantId, importId, log });
};
