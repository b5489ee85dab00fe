import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { requireStore } from '../tenancy/stores.ts';
import { type Actor, assertStoreCan } from './actor.ts';
import type { ApiToken } from './schema.ts';
import { newSecret, secretHash } from './secrets.ts';

export interface ApiTokenOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  requestId?: string;
}

/** Tokens read `crm_<prefix>_<secret>`: the prefix lets staff tell tokens apart without seeing the secret. */
const TOKEN_PREFIX = 'crm';

export async function listApiTokens({ db, actor, storeId }: ApiTokenOptions): Promise<ApiToken[]> {
  assertStoreCan(actor, storeId, 'apiTokens.manage');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return tx<ApiToken[]>`
      select id, store_id, name, prefix, created_at, last_used_at, revoked_at
      from api_tokens where store_id = ${storeId} order by created_at desc`;
  });
}

/** Creates a token for the store's DMS; the secret is returned this once and stored only as a hash. */
export async function createApiToken({
  db,
  actor,
  storeId,
  name,
  requestId,
}: ApiTokenOptions & { name: string }): Promise<ApiToken & { token: string }> {
  assertStoreCan(actor, storeId, 'apiTokens.manage');
  const prefix = newSecret(6).replace(/[-_]/g, 'x').slice(0, 8);
  const token = `${TOKEN_PREFIX}_${prefix}_${newSecret()}`;
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [row] = await tx<ApiToken[]>`
      insert into api_tokens (tenant_id, store_id, name, prefix, token_hash, created_by)
      values (${actor.tenantId}, ${storeId}, ${name}, ${prefix}, ${secretHash(token)},
        ${actor.kind === 'user' ? actor.userId : null})
      returning id, store_id, name, prefix, created_at, last_used_at, revoked_at`;
    if (!row) throw notFound('Store');
    await recordAudit(
      tx,
      actor,
      { action: 'apiToken.create', entity: 'apiToken', entityId: row.id, storeId },
      requestId,
    );
    return { ...row, token };
  });
}

export async function revokeApiToken({
  db,
  actor,
  storeId,
  tokenId,
  requestId,
}: ApiTokenOptions & { tokenId: string }): Promise<void> {
  assertStoreCan(actor, storeId, 'apiTokens.manage');
  await db.withTenant(actor.tenantId, async (tx) => {
    const rows = await tx`
      update api_tokens set revoked_at = coalesce(revoked_at, now())
      where id = ${tokenId} and store_id = ${storeId} returning id`;
    if (rows.length === 0) throw notFound('API token');
    await recordAudit(
      tx,
      actor,
      { action: 'apiToken.revoke', entity: 'apiToken', entityId: tokenId, storeId },
      requestId,
    );
  });
}

/** The store behind a bearer token, or null when unknown, revoked or its store is inactive. */
export async function resolveApiToken(db: Database, token: string): Promise<Actor | null> {
  if (!token.startsWith(`${TOKEN_PREFIX}_`)) return null;
  const [row] = await db.withoutTenant(
    (tx) => tx<{ tenantId: string; tokenId: string; storeId: string }[]>`
      select * from app_private.api_token_lookup(${secretHash(token)})`,
  );
  return row ? { kind: 'token', tenantId: row.tenantId, tokenId: row.tokenId, storeId: row.storeId } : null;
}
