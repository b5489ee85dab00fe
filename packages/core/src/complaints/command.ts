import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type Actor, assertStoreCan, type Permission } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { type LockedComplaint, lockComplaint } from './access.ts';
import { readComplaintPage } from './queries.ts';
import type { ComplaintPage, ComplaintState, PhraseWarning } from './schema.ts';

export interface ComplaintCommandOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  complaintId: string;
  requestId?: string;
  now?: Date;
}

/**
 * One workflow step on one complaint, as one transaction: permission, the store, the
 * complaint locked, the state it must be in; then the step, its audit entry, and the
 * complaint page as it now stands (with any forbidden-phrase warnings the step found).
 */
export async function complaintCommand(
  { db, actor, storeId, complaintId, requestId }: ComplaintCommandOptions,
  { permission, action, from }: { permission: Permission; action: string; from: readonly ComplaintState[] },
  step: (tx: Tx, complaint: LockedComplaint) => Promise<PhraseWarning[] | undefined>,
): Promise<ComplaintPage> {
  assertStoreCan(actor, storeId, permission);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const complaint = await lockComplaint(tx, actor, storeId, complaintId);
    if (!from.includes(complaint.state)) {
      throw new AppError('CONFLICT', `A complaint that is ${complaint.state} cannot be ${action}`, [
        { path: 'state', message: `must be ${from.join(' or ')}` },
      ]);
    }
    const warnings = (await step(tx, complaint)) ?? [];
    await recordAudit(
      tx,
      actor,
      { action: `complaint.${action}`, entity: 'complaint', entityId: complaintId, storeId },
      requestId,
    );
    return readComplaintPage(tx, actor, storeId, complaintId, warnings);
  });
}
