import type { Database, Tx } from '../db/database.ts';

/**
 * Runs a job's effect at most once per `jobKey`: the key is written in the same
 * transaction as the effect, so a job delivered twice (a relay that published twice, a
 * stalled job that ran again) finds the key and does nothing. Returns false when the
 * key was already there.
 */
export async function runOnce(
  db: Database,
  tenantId: string,
  jobKey: string,
  effect: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return db.withTenant(tenantId, async (tx) => {
    const claimed = await tx`
      insert into processed_jobs (tenant_id, job_key) values (${tenantId}, ${jobKey})
      on conflict do nothing returning job_key`;
    if (claimed.length === 0) return false;
    await effect(tx);
    return true;
  });
}
