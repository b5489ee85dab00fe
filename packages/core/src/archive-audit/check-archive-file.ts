import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { readArchiveAudit } from './get-archive-audit.ts';
import type { ArchiveAudit, CheckArchiveFileInput } from './schema.ts';

export interface CheckArchiveFileOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  auditId: string;
  fileId: string;
  input: CheckArchiveFileInput;
}

/**
 * Saves the check of one drawn file against its paper original: status, the problem, the
 * fix and who is responsible, with the checker and the time. Saving again replaces the check
 * (the last checker signs it). Answers with the whole audit, so the week's result is current.
 */
export async function checkArchiveFile({
  db,
  actor,
  storeId,
  auditId,
  fileId,
  input,
}: CheckArchiveFileOptions): Promise<ArchiveAudit> {
  assertStoreCan(actor, storeId, 'archiveAudit.work');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    const [saved] = await tx`
      update archive_audit_files set status = ${input.status}, problem = ${input.problem ?? null},
        fix = ${input.fix ?? null}, responsible = ${input.responsible ?? null}, checked_by = ${user.userId},
        checked_at = now()
      where store_id = ${storeId} and audit_id = ${auditId} and id = ${fileId}
      returning id`;
    if (!saved) throw notFound('Archive audit file');
    return readArchiveAudit(tx, storeId, auditId);
  });
}
