import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { classificationFacts } from '../events/facts.ts';
import { localDate } from '../events/store-clock.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';

const batchSize = 5_000;

interface VehicleFacts {
  id: string;
  lost: boolean;
  lastVisitOn: string;
  firstMaintenanceOn: string | null;
  visits6m: number;
  visits12m: number;
  visits36m: number;
  cumulativeSpendFen: number;
  spend12mFen: number;
  rules: Record<string, string>;
}

export interface MarkLostResult {
  day: string;
  /** Cars newly on the lost-customer list tonight. */
  markedLost: number;
  /** Cars the rules no longer call lost (a rule changed). */
  cleared: number;
}

/**
 * Keeps the lost mark current as time passes: ingestion classifies a car when an event
 * arrives, but a customer becomes lost precisely by sending none. Nightly, the store's
 * `classification` rules decide `lost` again for every car with a visit, in keyset batches
 * (one read and at most one update per batch); only changes are written, with the rule
 * that decided.
 */
export async function markLostCustomers({
  db,
  tenantId,
  storeId,
  now,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  now: Date;
}): Promise<MarkLostResult> {
  const result: MarkLostResult = { day: '', markedLost: 0, cleared: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.withTenant(tenantId, async (tx) => {
      const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
      if (!store) throw notFound('Store');
      result.day = localDate(now, store.timeZone);
      const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'classification');
      const rows = await tx<VehicleFacts[]>`
        select id, lost, last_visit_on, first_maintenance_on, visits_6m, visits_12m, visits_36m,
          cumulative_spend_fen::float8 as cumulative_spend_fen, spend_12m_fen::float8 as spend_12m_fen,
          classification_rules as rules
        from vehicles
        where tenant_id = ${tenantId} and store_id = ${storeId} and last_visit_on is not null and id > ${after}
        order by id limit ${batchSize}`;
      const changed: { id: string; lost: boolean; rule_id: string | null }[] = [];
      for (const row of rows) {
        // Only `lost` is read back; maintenance days are not counted here (attendance unknown).
        const decision = rules.compiled.decide(
          classificationFacts(row, result.day),
          `${result.day}T12:00:00Z`,
        );
        const lost = decision.lost !== null;
        if (lost !== row.lost)
          changed.push({ id: row.id, lost, rule_id: decision.lost?.decidedBy.ruleId ?? null });
      }
      if (changed.length > 0) {
        await tx`
          update vehicles v set lost = u.lost, classified_at = now(), updated_at = now(),
            classification_rules = case when u.rule_id is null then v.classification_rules - 'lost'
              else v.classification_rules || jsonb_build_object('lost', u.rule_id) end
          from jsonb_to_recordset(${tx.json(changed)}) as u(id uuid, lost boolean, rule_id text)
          where v.tenant_id = ${tenantId} and v.id = u.id`;
        for (const c of changed) c.lost ? result.markedLost++ : result.cleared++;
      }
      after = rows.at(-1)?.id ?? after;
      return rows.length < batchSize;
    });
    if (done) return result;
  }
}
