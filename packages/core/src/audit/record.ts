import type { Tx } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  storeId?: string | null;
  /** What changed; never personal data in clear (names of fields, not their values). */
  details?: Record<string, unknown>;
}

/** Appends to the tenant's audit log inside the caller's transaction (the table is insert-only for the app). */
export async function recordAudit(
  tx: Tx,
  actor: Actor,
  entry: AuditEntry,
  requestId?: string,
): Promise<void> {
  await tx`
    insert into audit_log (tenant_id, actor_user_id, actor_token_id, store_id, action, entity, entity_id, details, request_id)
    values (${actor.tenantId}, ${actor.kind === 'user' ? actor.userId : null}, ${actor.kind === 'token' ? actor.tokenId : null},
      ${entry.storeId ?? null}, ${entry.action}, ${entry.entity}, ${entry.entityId ?? null},
      ${tx.json((entry.details ?? {}) as Parameters<typeof tx.json>[0])}, ${requestId ?? null})`;
}
