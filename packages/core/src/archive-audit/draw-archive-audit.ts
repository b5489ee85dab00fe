import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { AppError, invalid } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { readArchiveAudit, storeWeek } from './get-archive-audit.ts';
import { weekBounds } from './iso-week.ts';
import type { ArchiveAudit, DrawArchiveAuditInput } from './schema.ts';

export interface DrawArchiveAuditOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  input: DrawArchiveAuditInput;
  requestId?: string;
  now?: Date;
}

/** How many files of each kind a week's audit draws (每周抽取售时、售后档案各10份). */
export const filesPerKind = 10;

/**
 * Draws the week's files at random: 10 sales files (cars delivered at the store up to the
 * week's end, with their delivery) and 10 after-sales files (cars with a repair order up to
 * the week's end, with their latest order), each car at most once per kind. The draw is
 * stored, so drawing the same week again — or at the same time from two screens — returns
 * the first draw unchanged (`drawn: false`). A store with fewer files draws what it has.
 */
export async function drawArchiveAudit({
  db,
  actor,
  storeId,
  input,
  requestId,
  now = new Date(),
}: DrawArchiveAuditOptions): Promise<{ drawn: boolean; audit: ArchiveAudit }> {
  assertStoreCan(actor, storeId, 'archiveAudit.work');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    const current = await storeWeek(tx, storeId, now);
    const week = input.week ?? current;
    const bounds = weekBounds(week);
    if (!bounds) throw invalid('week', 'is not an ISO week of that year');
    const currentBounds = weekBounds(current);
    if (!currentBounds) throw new AppError('UNAVAILABLE', 'The store clock gives no ISO week');
    if (bounds.startsOn > currentBounds.startsOn) throw invalid('week', 'is still to come');
    const [created] = await tx<{ id: string }[]>`
      insert into archive_audits (tenant_id, store_id, week, week_starts_on, week_ends_on, drawn_by)
      values (${actor.tenantId}, ${storeId}, ${week}, ${bounds.startsOn}, ${bounds.endsOn}, ${user.userId})
      on conflict (tenant_id, store_id, week) do nothing
      returning id`;
    if (!created) {
      const [existing] = await tx<{ id: string }[]>`
        select id from archive_audits where store_id = ${storeId} and week = ${week}`;
      if (!existing) throw new AppError('CONFLICT', 'The week is being drawn; try again');
      return { drawn: false, audit: await readArchiveAudit(tx, storeId, existing.id) };
    }
    await tx`
      insert into archive_audit_files (tenant_id, audit_id, store_id, kind, position, vehicle_id, customer_id,
        delivery_id)
      select ${actor.tenantId}, ${created.id}, ${storeId}, 'sales', row_number() over (), vehicle_id, customer_id, id
      from (
        select * from (
          select distinct on (d.vehicle_id) d.id, d.vehicle_id, d.customer_id from deliveries d
          where d.tenant_id = ${actor.tenantId} and d.store_id = ${storeId} and d.delivered_on <= ${bounds.endsOn}
          order by d.vehicle_id, d.delivered_on desc, d.id
        ) latest order by random() limit ${filesPerKind}
      ) drawn`;
    await tx`
      insert into archive_audit_files (tenant_id, audit_id, store_id, kind, position, vehicle_id, customer_id,
        repair_order_id)
      select ${actor.tenantId}, ${created.id}, ${storeId}, 'afterSales', row_number() over (), vehicle_id,
        customer_id, id
      from (
        select * from (
          select distinct on (o.vehicle_id) o.id, o.vehicle_id, coalesce(o.customer_id, v.current_owner_id) as customer_id
          from repair_orders o join vehicles v on v.tenant_id = o.tenant_id and v.id = o.vehicle_id
          where o.tenant_id = ${actor.tenantId} and o.store_id = ${storeId} and o.opened_on <= ${bounds.endsOn}
          order by o.vehicle_id, o.opened_on desc, o.id
        ) latest order by random() limit ${filesPerKind}
      ) drawn`;
    await recordAudit(
      tx,
      actor,
      {
        action: 'archiveAudit.draw',
        entity: 'archiveAudit',
        entityId: created.id,
        storeId,
        details: { week },
      },
      requestId,
    );
    return { drawn: true, audit: await readArchiveAudit(tx, storeId, created.id) };
  });
}
