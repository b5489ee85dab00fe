import type { Tx } from '../db/database.ts';
import type { LostCustomersMonth, MembershipMonth, SmsMonth } from './schema.ts';

/**
 * The month's figures of the areas that keep no report of their own (SMS, lost customers,
 * membership), for several stores at once, each on its own calendar: a row counts in the
 * days from–to when its moment, read in the store's time zone, falls on one of them (compared as
 * the instants the store's days begin and end, so the indexes on the moments serve).
 */
/** 短信: messages requested in the period, sent, delivered, failed, suppressed, and those replied to. */
export async function smsMonths(
  tx: Tx,
  storeIds: string[],
  from: string,
  to: string,
): Promise<Map<string, SmsMonth>> {
  const rows = await tx<
    {
      storeId: string;
      reason: string;
      requested: number;
      sent: number;
      delivered: number;
      failed: number;
      suppressed: number;
      replied: number;
    }[]
  >`
    select m.store_id, m.reason, count(*)::int as requested,
      count(*) filter (where m.sent_at is not null)::int as sent,
      count(*) filter (where m.status = 'delivered')::int as delivered,
      count(*) filter (where m.status = 'failed')::int as failed,
      count(*) filter (where m.status = 'suppressed')::int as suppressed,
      count(*) filter (where exists (select 1 from sms_replies r where r.message_id = m.id))::int as replied
    from sms_messages m join stores s on s.id = m.store_id
    where m.store_id = any(${storeIds}::uuid[]) and m.queued_at >= ${from}::date::timestamp at time zone s.time_zone and m.queued_at < (${to}::date + 1)::timestamp at time zone s.time_zone
    group by m.store_id, m.reason
    order by m.store_id, count(*) desc, m.reason`;
  const result = new Map<string, SmsMonth>();
  for (const id of storeIds) {
    const mine = rows.filter((r) => r.storeId === id);
    const sum = (k: 'requested' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'replied') =>
      mine.reduce((n, r) => n + r[k], 0);
    result.set(id, {
      requested: sum('requested'),
      sent: sum('sent'),
      delivered: sum('delivered'),
      failed: sum('failed'),
      suppressed: sum('suppressed'),
      replied: sum('replied'),
      byReason: mine.map(({ reason, requested, sent, delivered, replied }) => ({
        reason,
        requested,
        sent,
        delivered,
        replied,
      })),
    });
  }
  return result;
}

/** 流失客户联络表: contacts in the period, cars contacted, reached, and won back (a contact that recorded it). */
export async function lostCustomerMonths(
  tx: Tx,
  storeIds: string[],
  from: string,
  to: string,
): Promise<Map<string, LostCustomersMonth>> {
  const rows = await tx<{ storeId: string; result: string; contacts: number }[]>`
    select c.store_id, c.result, count(*)::int as contacts
    from lost_customer_contacts c join stores s on s.id = c.store_id
    where c.store_id = any(${storeIds}::uuid[]) and c.contacted_at >= ${from}::date::timestamp at time zone s.time_zone and c.contacted_at < (${to}::date + 1)::timestamp at time zone s.time_zone
    group by c.store_id, c.result order by c.store_id, count(*) desc, c.result`;
  const cars = await tx<{ storeId: string; contacted: number; reached: number; wonBack: number }[]>`
    select c.store_id, count(distinct c.vehicle_id)::int as contacted,
      count(distinct c.vehicle_id) filter (where c.result in ('reached', 'appointmentMade'))::int as reached,
      count(distinct c.vehicle_id) filter (where c.won_back)::int as won_back
    from lost_customer_contacts c join stores s on s.id = c.store_id
    where c.store_id = any(${storeIds}::uuid[]) and c.contacted_at >= ${from}::date::timestamp at time zone s.time_zone and c.contacted_at < (${to}::date + 1)::timestamp at time zone s.time_zone
    group by c.store_id`;
  const result = new Map<string, LostCustomersMonth>();
  for (const id of storeIds) {
    const mine = rows.filter((r) => r.storeId === id);
    const car = cars.find((r) => r.storeId === id);
    result.set(id, {
      contacts: mine.reduce((n, r) => n + r.contacts, 0),
      contacted: car?.contacted ?? 0,
      reached: car?.reached ?? 0,
      wonBack: car?.wonBack ?? 0,
      byResult: mine.map(({ result, contacts }) => ({ result, count: contacts })),
    });
  }
  return result;
}

/** 车友俱乐部: cards issued in the period (by their issue date), points earned and taken off. */
export async function membershipMonths(
  tx: Tx,
  storeIds: string[],
  from: string,
  to: string,
): Promise<Map<string, MembershipMonth>> {
  const tiers = await tx<{ storeId: string; tier: string; count: number }[]>`
    select store_id, tier, count(*)::int as count from member_cards
    where store_id = any(${storeIds}::uuid[]) and issued_on between ${from}::date and ${to}::date
    group by store_id, tier order by store_id, count(*) desc, tier`;
  const points = await tx<{ storeId: string; earned: number; redeemed: number; otherDebits: number }[]>`
    select e.store_id,
      coalesce(sum(e.points) filter (where e.points > 0), 0)::int as earned,
      coalesce(-sum(e.points) filter (where e.points < 0 and e.reason = 'redeemed'), 0)::int as redeemed,
      coalesce(-sum(e.points) filter (where e.points < 0 and e.reason <> 'redeemed'), 0)::int as other_debits
    from points_entries e join stores s on s.id = e.store_id
    where e.store_id = any(${storeIds}::uuid[]) and e.created_at >= ${from}::date::timestamp at time zone s.time_zone and e.created_at < (${to}::date + 1)::timestamp at time zone s.time_zone
    group by e.store_id`;
  const result = new Map<string, MembershipMonth>();
  for (const id of storeIds) {
    const byTier = tiers.filter((r) => r.storeId === id).map(({ tier, count }) => ({ tier, count }));
    const p = points.find((r) => r.storeId === id);
    result.set(id, {
      cardsIssued: byTier.reduce((n, r) => n + r.count, 0),
      byTier,
      pointsEarned: p?.earned ?? 0,
      pointsRedeemed: p?.redeemed ?? 0,
      pointsOtherDebits: p?.otherDebits ?? 0,
    });
  }
  return result;
}
