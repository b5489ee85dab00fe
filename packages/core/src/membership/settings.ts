import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { storeDay } from './queries.ts';
import type { MembershipSettings, SaveMembershipSettingsInput } from './schema.ts';

/** The store's club fees; the table's defaults (no joining fee, ¥20 to reissue) until it saves its own. */
export async function feesOf(tx: Tx, storeId: string): Promise<MembershipSettings> {
  const [row] = await tx<MembershipSettings[]>`
    select joining_fee_fen::int, reissue_fee_fen::int from membership_settings where store_id = ${storeId}`;
  return row ?? { joiningFeeFen: 0, reissueFeeFen: 2000 };
}

export async function getMembershipSettings({
  db,
  actor,
  storeId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
}): Promise<MembershipSettings> {
  assertStoreCan(actor, storeId, 'membership.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    return feesOf(tx, storeId);
  });
}

export async function saveMembershipSettings({
  db,
  actor,
  storeId,
  input,
  requestId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  input: SaveMembershipSettingsInput;
  requestId?: string;
}): Promise<MembershipSettings> {
  assertStoreCan(actor, storeId, 'membership.manage');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    await tx`
      insert into membership_settings (tenant_id, store_id, joining_fee_fen, reissue_fee_fen)
      values (${actor.tenantId}, ${storeId}, ${input.joiningFeeFen}, ${input.reissueFeeFen})
      on conflict (tenant_id, store_id) do update set joining_fee_fen = excluded.joining_fee_fen,
        reissue_fee_fen = excluded.reissue_fee_fen, updated_at = now()`;
    await recordAudit(
      tx,
      actor,
      { action: 'membership.settings', entity: 'store', entityId: storeId, storeId, details: { ...input } },
      requestId,
    );
    return feesOf(tx, storeId);
  });
}
