import type { Tx } from '../db/database.ts';
import { postEntries } from './ledger.ts';

/** What the points rules decide, now, for one closed repair order of a member. */
export interface OrderPoints {
  sourceId: string;
  customerId: string;
  vehicleId: string;
  /** Whether the order was on file already (it may have entries to correct). */
  updated: boolean;
  /** The entries the order earns as it stands; empty when it earns nothing (any more). */
  entries: { points: number; reason: string; ruleId: string }[];
  expiresOn: string | null;
}

export interface OrderEntryPosted {
  sourceId: string;
  points: number;
  reason: string;
  revision: number;
  ruleId: string | null;
}

interface Posting {
  customer_id: string;
  vehicle_id: string;
  points: number;
  reason: string;
  source_id: string;
  revision: number;
  expires_on: string | null;
  rule_id: string | null;
  note: string | null;
}

/**
 * Posts the points repair orders earn, append-only: a new order's entries at revision 0; a
 * corrected order (the DMS sent it again with other amounts) gets, per reason, the difference
 * between what it earns now and what its entries already hold, at the next revision. The
 * same order again finds no difference and posts nothing; the unique key on (source,
 * reason, revision) makes a replay of a revision post nothing either. A correction that
 * takes points back never takes the balance below zero: it is capped at what the account
 * holds (the note says how much was left), its accounts locked first in customer order.
 */
export async function postOrderPoints(
  tx: Tx,
  tenantId: string,
  storeId: string,
  orders: OrderPoints[],
  rules: { ruleSetId: string | null; version: number },
): Promise<OrderEntryPosted[]> {
  const updatedIds = orders.filter((o) => o.updated).map((o) => o.sourceId);
  const held = new Map<string, { points: number; revision: number; ruleId: string | null }>();
  if (updatedIds.length > 0) {
    const rows = await tx<
      { sourceId: string; reason: string; points: number; revision: number; ruleId: string | null }[]
    >`
      select source_id, reason, sum(points)::int as points, max(revision) as revision,
        (array_agg(rule_id order by revision desc))[1] as rule_id
      from points_entries
      where tenant_id = ${tenantId} and store_id = ${storeId} and source_kind = 'repairOrder'
        and source_id = any(${updatedIds}::uuid[])
      group by source_id, reason`;
    for (const row of rows) held.set(`${row.sourceId}\u0000${row.reason}`, row);
  }

  const postings: Posting[] = [];
  for (const order of orders) {
    const decided = new Map<string, { points: number; ruleId: string | null }>();
    for (const entry of order.entries) {
      const earlier = decided.get(entry.reason);
      decided.set(entry.reason, { points: (earlier?.points ?? 0) + entry.points, ruleId: entry.ruleId });
    }
    // Reasons the order no longer earns are taken back as well.
    for (const key of held.keys()) {
      const [sourceId, reason] = key.split('\u0000');
      if (sourceId === order.sourceId && reason !== undefined && !decided.has(reason))
        decided.set(reason, { points: 0, ruleId: held.get(key)?.ruleId ?? null });
    }
    for (const [reason, now] of decided) {
      const before = held.get(`${order.sourceId}\u0000${reason}`);
      const difference = now.points - (before?.points ?? 0);
      if (difference === 0) continue;
      postings.push({
        customer_id: order.customerId,
        vehicle_id: order.vehicleId,
        points: difference,
        reason,
        source_id: order.sourceId,
        revision: before ? before.revision + 1 : 0,
        expires_on: difference > 0 ? order.expiresOn : null,
        rule_id: now.ruleId,
        note: null,
      });
    }
  }
  if (postings.length === 0) return [];

  if (postings.some((p) => p.points < 0)) {
    const customers = [...new Set(postings.map((p) => p.customer_id))].sort();
    const accounts = await tx<{ customerId: string; balance: number }[]>`
      select customer_id, balance from points_accounts
      where tenant_id = ${tenantId} and customer_id = any(${customers}::uuid[])
      order by customer_id
      for update`;
    const balance = new Map(accounts.map((a) => [a.customerId, a.balance]));
    for (const p of postings.filter((p) => p.points > 0))
      balance.set(p.customer_id, (balance.get(p.customer_id) ?? 0) + p.points);
    for (const p of postings.filter((p) => p.points < 0)) {
      const available = balance.get(p.customer_id) ?? 0;
      const taken = Math.min(-p.points, available);
      if (taken < -p.points) p.note = `冲正受余额限制：${-p.points - taken} 分未能扣回`;
      p.points = -taken;
      balance.set(p.customer_id, available - taken);
    }
  }
  const written = postings.filter((p) => p.points !== 0);
  if (written.length === 0) return [];
  const posted = await postEntries(
    tx,
    tenantId,
    storeId,
    written.map((p) => ({
      customerId: p.customer_id,
      vehicleId: p.vehicle_id,
      points: p.points,
      reason: p.reason,
      sourceKind: 'repairOrder',
      sourceId: p.source_id,
      revision: p.revision,
      expiresOn: p.expires_on,
      ruleSetId: rules.ruleSetId,
      ruleSetVersion: rules.version,
      ruleId: p.rule_id,
      note: p.note,
    })),
  );
  return posted.map((e) => ({
    sourceId: e.sourceId,
    points: e.points,
    reason: e.reason,
    revision: e.revision,
    ruleId: e.ruleId,
  }));
}
