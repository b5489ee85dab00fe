import type { Database } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import type { QueueBackend } from '../queues/backend.ts';
import { queueOf } from '../queues/jobs.ts';
import { failImport, failureReasons } from './end-import.ts';
import { storageKey } from './imports.ts';
import type { ImportStorage } from './storage.ts';

/** Times the nightly check queues an import again before it fails it (resumable by hand). */
export const maxAutomaticResumes = 3;

/** Job states in which BullMQ will still run the job (an active one whose worker died comes back by the stalled check). */
const liveStates = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface ResumeStalledImportsOptions {
  db: Database;
  backend: QueueBackend;
  storage: ImportStorage;
  tenantId: string;
  storeId: string;
  /** Imports touched more recently than this are left alone: their job may just be slow to start. */
  quietMs?: number;
}

/**
 * The nightly check of a store's unfinished imports (queued or running): one whose job is
 * gone — failed for good (stalled past BullMQ's limit, retries run out), completed without
 * finishing it, removed — is queued again from its checkpoint while its file is there, up
 * to `maxAutomaticResumes` times; then, or when its file is gone, it fails with the reason
 * (resumable by its owner from the web while the file is kept). A job still in the outbox
 * or on the queue is left to run. Never stuck at "running".
 */
export async function resumeStalledImports({
  db,
  backend,
  storage,
  tenantId,
  storeId,
  quietMs = 10 * 60_000,
}: ResumeStalledImportsOptions): Promise<{ resumed: number; failed: number }> {
  const unfinished = await db.withTenant(
    tenantId,
    (tx) => tx<{ id: string; jobId: string | null; resumes: number; jobPending: boolean }[]>`
      select i.id, i.job_id, i.resumes, o.id is not null and o.sent_at is null as job_pending
      from imports i left join outbox o on o.tenant_id = i.tenant_id and o.id = i.job_id
      where i.store_id = ${storeId} and i.status in ('queued', 'running')
        and i.updated_at < now() - make_interval(secs => ${quietMs / 1000})`,
  );
  const queue = backend.queue(queueOf('imports.run'));
  let resumed = 0;
  let failed = 0;
  for (const row of unfinished) {
    if (row.jobPending) continue;
    if (row.jobId && liveStates.has(await queue.getJobState(row.jobId))) continue;
    const fileKept = await storage.exists(storageKey(tenantId, row.id));
    await db
      .withTenant(tenantId, async (tx) => {
        if (!fileKept || row.resumes >= maxAutomaticResumes) {
          const reason = fileKept ? failureReasons.interrupted(row.resumes) : failureReasons.fileGone;
          if (await failImport(tx, { importId: row.id, reason, resumable: fileKept })) failed += 1;
          return;
        }
        const jobId = await enqueue(tx, tenantId, 'imports.run', { importId: row.id });
        // Only if nothing moved it meanwhile (the job came back and committed a batch).
        const moved = await tx`
        update imports set job_id = ${jobId}, resumes = resumes + 1, updated_at = now()
        where id = ${row.id} and status in ('queued', 'running') and job_id is not distinct from ${row.jobId}
        returning id`;
        if (moved.length === 0) throw new ResumeRace();
        resumed += 1;
      })
      .catch((error: unknown) => {
        if (!(error instanceof ResumeRace)) throw error;
      });
  }
  return { resumed, failed };
}

/** The import moved while the check looked at it: the transaction (and its outbox row) rolls back. */
class ResumeRace extends Error {}
