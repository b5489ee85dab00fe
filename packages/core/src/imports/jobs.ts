import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from '../queues/handlers.ts';
import { failImport, failureReasons } from './end-import.ts';
import { storageKey } from './imports.ts';
import { UnreadableFileError } from './read-rows.ts';
import { resumeStalledImports } from './resume-stalled-imports.ts';
import { runImport } from './run-import.ts';
import { diskImportStorage, type ImportStorage } from './storage.ts';
import { sweepOrphanFiles } from './sweep-orphan-files.ts';

let storage: ImportStorage | undefined;

/** The import's own failure for an error no retry can mend (the file gone or unreadable); null for the rest. */
function permanentFailure(error: unknown): { reason: string; message: string } | null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    return { reason: failureReasons.fileGone, message: 'the import file is no longer in storage' };
  if (error instanceof UnreadableFileError)
    return {
      reason: failureReasons.unreadable(error.message),
      message: `the file cannot be read: ${error.message}`,
    };
  return null;
}

/**
 * `imports.run`: one slice of an import from its checkpoint (the import row says what is
 * left to do). An error fails this job, never the process: one no retry can mend fails the
 * import with its reason at once (UnrecoverableError, so BullMQ does not retry); another is
 * retried, and on the last attempt the import fails with the reason, resumable, its file kept.
 */
export const importRunJob: JobHandler<'imports.run'> = async (
  { db, tenantId, log, finalAttempt },
  { importId },
) => {
  storage ??= diskImportStorage();
  try {
    await runImport({ db, storage, tenantId, importId, log });
  } catch (error) {
    const permanent = permanentFailure(error);
    const why = (error as Error).message;
    if (permanent || finalAttempt) {
      await db.withTenant(tenantId, (tx) =>
        failImport(tx, {
          importId,
          reason: permanent?.reason ?? failureReasons.jobFailed(why),
          resumable: !permanent,
        }),
      );
      log.warn({ importId, err: why }, 'import failed');
    }
    if (permanent) {
      // Nothing will read the file again.
      if (!(error as NodeJS.ErrnoException).code) await storage.remove(storageKey(tenantId, importId));
      throw new UnrecoverableError(permanent.message);
    }
    throw error;
  }
};

/**
 * `imports.nightly`: a store's imports whose job is gone are queued again or failed with a
 * reason (resume-stalled-imports.ts), and the tenant's import files that no import needs
 * any more are removed (sweep-orphan-files.ts).
 */
export const importsNightlyJob: JobHandler<'imports.nightly'> = async (
  { db, tenantId, backend, log },
  { storeId },
) => {
  if (!backend) throw new UnrecoverableError('imports.nightly runs inside a worker, which has the queues');
  storage ??= diskImportStorage();
  const stalled = await resumeStalledImports({ db, backend, storage, tenantId, storeId });
  const swept = await sweepOrphanFiles({ db, storage, tenantId });
  log.info({ storeId, ...stalled, ...swept }, 'imports nightly');
};
