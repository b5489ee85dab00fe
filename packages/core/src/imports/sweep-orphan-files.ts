import type { Database } from '../db/database.ts';
import type { ImportStorage } from './storage.ts';

/** How old a file with no import must be before the sweep takes it (IMPORT_ORPHAN_HOURS): an upload in progress has none yet. */
export const importOrphanHours = () => Number(process.env.IMPORT_ORPHAN_HOURS ?? 24);

export interface SweepOrphanFilesOptions {
  db: Database;
  storage: ImportStorage;
  tenantId: string;
  now?: Date;
}

/**
 * Removes the tenant's stored import files that no import needs, once they are older than
 * IMPORT_ORPHAN_HOURS: a file with no import row (an upload cut off by a crash, a request
 * that failed after storing it), or whose import is done or failed for good. Reads only the
 * tenant's own directory and its own rows (under its row-level security).
 */
export async function sweepOrphanFiles({
  db,
  storage,
  tenantId,
  now = new Date(),
}: SweepOrphanFilesOptions): Promise<{ removedFiles: number; removedBytes: number }> {
  const cutoff = now.getTime() - importOrphanHours() * 3_600_000;
  const old = (await storage.list(tenantId)).filter((f) => f.modifiedAt.getTime() <= cutoff);
  if (old.length === 0) return { removedFiles: 0, removedBytes: 0 };
  const needed = await db.withTenant(
    tenantId,
    (tx) => tx<{ id: string }[]>`
      select id from imports
      where id = any(${old.map((f) => f.importId)}::uuid[])
        and (status in ('uploaded', 'queued', 'running') or (status = 'failed' and resumable))`,
  );
  const keep = new Set(needed.map((r) => r.id));
  let removedFiles = 0;
  let removedBytes = 0;
  for (const file of old) {
    if (keep.has(file.importId)) continue;
    await storage.remove(file.key);
    removedFiles += 1;
    removedBytes += file.sizeBytes;
  }
  return { removedFiles, removedBytes };
}
