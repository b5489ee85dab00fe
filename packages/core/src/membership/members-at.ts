import type { Tx } from '../db/database.ts';

export interface OrderClose {
  sourceId: string;
  vehicleId: string;
  /** The instant the order closed, and its store-local date. */
  closedAt: string;
  closedOn: string;
}

/**
 * The cards that were active when each order closed: points are earned by members only.
 * A card counts from its store-local day of issue (a card issued at the counter after the
 * order closed still covers that visit) to the end of the validity in force, unless its
 * history before the close says otherwise: reported lost (until reissued), cancelled or
 * expired. One query per batch: each order probes its vehicle's cards by index.
 */
export async function membersAt(
  tx: Tx,
  tenantId: string,
  orders: OrderClose[],
): Promise<Map<string, { cardId: string; tier: string }>> {
  const members = new Map<string, { cardId: string; tier: string }>();
  if (orders.length === 0) return members;
  const rows = await tx<{ sourceId: string; cardId: string; tier: string }[]>`
    select u.source_id, c.id as card_id, c.tier
    from unnest(${orders.map((o) => o.sourceId)}::uuid[], ${orders.map((o) => o.vehicleId)}::uuid[],
      ${orders.map((o) => o.closedAt)}::timestamptz[], ${orders.map((o) => o.closedOn)}::date[])
      as u(source_id, vehicle_id, closed_at, closed_on)
    cross join lateral (
      select c.id, c.tier from member_cards c
      where c.tenant_id = ${tenantId} and c.vehicle_id = u.vehicle_id and c.issued_on <= u.closed_on
        and coalesce((
          -- The card's state at the close: its last change before then (a tier move changes none).
          select e.kind in ('issued', 'renewed', 'reissued') and u.closed_on <= e.valid_until
          from member_card_events e
          where e.tenant_id = ${tenantId} and e.card_id = c.id and e.kind <> 'tierMoved' and e.at <= u.closed_at
          order by e.at desc, e.kind = 'issued'
          limit 1
        ), true)
      order by c.issued_on desc
      limit 1
    ) c`;
  for (const row of rows) members.set(row.sourceId, { cardId: row.cardId, tier: row.tier });
  return members;
}
