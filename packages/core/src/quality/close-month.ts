import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { notify } from '../notifications/notifications.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { requestSms } from '../sms/request-sms.ts';
import { lastClosedMonth, type MonthCloseDay } from './periods.ts';
import { preparePack } from './prepare-pack.ts';
import { trackEffect } from './track-effect.ts';

export interface QualityNightResult {
  /** The store-local day of the run. */
  day: string;
  /** The latest month closed by that day (the store's close day, in its time zone). */
  closedMonth: string;
  /** True when this run prepared that month's meeting pack (false: it was there already). */
  packPrepared: boolean;
  figuresWritten: number;
  overdueReminded: number;
}

/** The store's quality settings and thresholds, as its `quality` rule set decides them. */
export async function qualityRules(tx: Tx, tenantId: string, storeId: string, now: string) {
  const { compiled } = await effectiveRuleSetOf(tx, tenantId, storeId, 'quality');
  const { monthCloseDay, overdueSms } = compiled.decide(
    { subject: { kind: 'repairTeam', callbackType: 'afterSales' } },
    now,
  );
  return { rules: compiled, closeDay: monthCloseDay as MonthCloseDay, overdueSms };
}

/**
 * A store's quality night (from its nightly job, clock pinned to the firing): the first
 * night after the store's month-close day — in the store's own time zone — prepares the
 * closed month's improvement-meeting pack; improvement items get the figures of the months
 * that have closed since; overdue items remind their owner once, in the app and, where the
 * store's rule says so, by SMS. One transaction; the pack is one row per store and month,
 * figures one per item and month, the reminder a stamp on the item, so a night run twice
 * has the effect of once.
 */
export async function runQualityNight({
  db,
  tenantId,
  storeId,
  now,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  now: Date;
}): Promise<QualityNightResult> {
  return db.withTenant(tenantId, async (tx) => {
    const [store] = await tx<{ timeZone: string; active: boolean; signature: string }[]>`
      select time_zone, active, sms_signature as signature from stores where id = ${storeId}`;
    if (!store) throw notFound('Store');
    const at = now.toISOString();
    const day = localDate(now, store.timeZone);
    const { rules, closeDay, overdueSms } = await qualityRules(tx, tenantId, storeId, at);
    const closedMonth = lastClosedMonth(day, closeDay);
    const nothing = { day, closedMonth, packPrepared: false, figuresWritten: 0, overdueReminded: 0 };
    if (!store.active) return nothing;

    const [existing] =
      await tx`select 1 from quality_meetings where store_id = ${storeId} and month = ${closedMonth}`;
    let packPrepared = false;
    if (!existing) {
      const pack = await preparePack(tx, { tenantId, storeId, month: closedMonth, closeDay, rules, now: at });
      const inserted = await tx`
        insert into quality_meetings (tenant_id, store_id, month, period_from, period_to, pack)
        values (${tenantId}, ${storeId}, ${closedMonth}, ${pack.period.from}, ${pack.period.to},
          ${tx.json(pack as unknown as Parameters<typeof tx.json>[0])})
        on conflict do nothing
        returning id`;
      packPrepared = inserted.length > 0;
    }
    const figuresWritten = await trackEffect(tx, {
      tenantId,
      storeId,
      closedMonth,
      closeDay,
      rules,
      now: at,
    });
    const overdueReminded = await remindOverdue(tx, {
      tenantId,
      storeId,
      day,
      sms: overdueSms ? store.signature : null,
    });
    return { ...nothing, packPrepared, figuresWritten, overdueReminded };
  });
}

/**
 * Improvement items past their due date and not completed remind their owner once: an in-app
 * notification, and a text to the owner's mobile when `sms` (the store's signature) is given.
 */
async function remindOverdue(
  tx: Tx,
  { tenantId, storeId, day, sms }: { tenantId: string; storeId: string; day: string; sms: string | null },
): Promise<number> {
  const due = await tx<
    { id: string; ownerUserId: string; label: string; dueOn: string; month: string; mobile: string | null }[]
  >`
    update quality_items i set overdue_notified_on = ${day}
    from users u
    where i.store_id = ${storeId} and i.completed_on is null and i.due_on < ${day}
      and i.overdue_notified_on is null and u.id = i.owner_user_id
    returning i.id, i.owner_user_id, i.subject->>'label' as label, i.due_on::text as due_on, i.month,
      case when u.active then u.mobile end as mobile`;
  for (const item of due) {
    await notify(tx, tenantId, {
      userIds: [item.ownerUserId],
      kind: 'quality.itemOverdue',
      storeId,
      details: { itemId: item.id, label: item.label, dueOn: item.dueOn, month: item.month },
    });
    if (sms !== null && item.mobile) {
      await requestSms(tx, tenantId, {
        storeId,
        customerId: null,
        phone: item.mobile,
        reason: 'qualityItemOverdue',
        category: 'transactional',
        idempotencyKey: `quality-overdue:${item.id}`,
        text: `您负责的${item.month}月整改项目“${item.label.slice(0, 40)}”已于${item.dueOn}到期未完成,请尽快完成并更新进度。`,
        signature: sms,
      });
    }
  }
  return due.length;
}
