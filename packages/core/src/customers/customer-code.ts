import { createHash } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';

/** What an imported customer without a DMS number is known by: its mobile, else its car's VIN. */
export type CustomerCodeKind = 'mobile' | 'vin';

/**
 * The opaque customer number an import gives a customer the file names no number for:
 * `IMP-` and 80 bits of sha256(store's secret ‖ kind ‖ ':' ‖ value) in hex. The same file
 * (or another naming the same mobile) finds the same customer; the code says nothing of
 * the phone, and without the store's secret it cannot be matched against the 10^11
 * mobiles. Migration 0050 (`app_private.customer_code`) computes the same in SQL.
 *
 * @example
 * customerCode(secret, 'mobile', '15896600231'); // 'IMP-3F0A…' (20 hex digits)
 */
export function customerCode(secret: Uint8Array, kind: CustomerCodeKind, value: string): string {
  const digest = createHash('sha256').update(secret).update(`${kind}:${value}`, 'utf8').digest();
  return `IMP-${digest.subarray(0, 10).toString('hex').toUpperCase()}`;
}

/** The store's secret for customer codes, made (once, at random) the first time it is asked for. */
export async function customerCodeSecret(tx: Tx, storeId: string): Promise<Uint8Array> {
  await tx`
    insert into customer_code_keys (tenant_id, store_id)
    select tenant_id, id from stores where id = ${storeId}
    on conflict do nothing`;
  const [key] = await tx<{ secret: Uint8Array }[]>`
    select secret from customer_code_keys where store_id = ${storeId}`;
  if (!key) throw notFound('Store');
  return key.secret;
}
