import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { isoWeekOf } from './iso-week.ts';
import type { ArchiveAudit, ArchiveAuditFile, ArchiveAuditList, ArchiveAuditResult } from './schema.ts';

export interface GetArchiveAuditOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  auditId: string;
}

/** The ISO week today falls in at the store (its own time zone). */
export async function storeWeek(tx: Tx, storeId: string, now: Date): Promise<string> {
  const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
  if (!store) throw notFound('Store');
  return isoWeekOf(localDate(now, store.timeZone));
}

interface TallyRow {
  auditId: string;
  kind: 'sales' | 'afterSales';
  files: number;
  checked: number;
  defects: number;
}

/** Drawn, checked and abnormal files per audit and kind, folded into each audit's result. */
async function results(tx: Tx, auditIds: string[]): Promise<Map<string, ArchiveAuditResult>> {
  const rows = await tx<TallyRow[]>`
    select audit_id, kind, count(*)::int as files, count(status)::int as checked,
      count(*) filter (where status = 'abnormal')::int as defects
    from archive_audit_files where audit_id = any(${auditIds}::uuid[])
    group by audit_id, kind`;
  const empty = () => ({ files: 0, checked: 0, defects: 0 });
  const out = new Map<string, ArchiveAuditResult>();
  for (const id of auditIds) out.set(id, { ...empty(), sales: empty(), afterSales: empty() });
  for (const row of rows) {
    const result = out.get(row.auditId);
    if (!result) continue;
    result[row.kind] = { files: row.files, checked: row.checked, defects: row.defects };
    result.files += row.files;
    result.checked += row.checked;
    result.defects += row.defects;
  }
  return out;
}

/** One audit with its files in the seed's order (after-sales 1–10, then sales 1–10) and the result. */
export async function readArchiveAudit(tx: Tx, storeId: string, auditId: string): Promise<ArchiveAudit> {
  const [audit] = await tx<Omit<ArchiveAudit, 'files' | 'result'>[]>`
    select a.id, a.store_id, a.week, a.week_starts_on, a.week_ends_on, a.drawn_at, u.name as drawn_by_name
    from archive_audits a left join users u on u.tenant_id = a.tenant_id and u.id = a.drawn_by
    where a.store_id = ${storeId} and a.id = ${auditId}`;
  if (!audit) throw notFound('Archive audit');
  const files = await tx<ArchiveAuditFile[]>`
    select f.id, f.kind, f.position, f.vehicle_id, v.vin, v.plate, v.model, c.name as customer_name,
      coalesce(d.contract_no, d.dms_id, o.dms_id) as document_no, coalesce(d.delivered_on, o.opened_on) as document_on,
      f.status, f.problem, f.fix, f.responsible, u.name as checked_by_name, f.checked_at
    from archive_audit_files f
    join vehicles v on v.tenant_id = f.tenant_id and v.id = f.vehicle_id
    left join customers c on c.tenant_id = f.tenant_id and c.id = f.customer_id
    left join deliveries d on d.tenant_id = f.tenant_id and d.id = f.delivery_id
    left join repair_orders o on o.tenant_id = f.tenant_id and o.id = f.repair_order_id
    left join users u on u.tenant_id = f.tenant_id and u.id = f.checked_by
    where f.audit_id = ${audit.id}
    order by f.kind = 'sales', f.position`;
  const result = (await results(tx, [audit.id])).get(audit.id);
  if (!result) throw notFound('Archive audit');
  return { ...audit, result, files };
}

/** 客户档案检核记录表 of one week: the files drawn, their checks, the result. */
export async function getArchiveAudit({
  db,
  actor,
  storeId,
  auditId,
}: GetArchiveAuditOptions): Promise<ArchiveAudit> {
  assertStoreCan(actor, storeId, 'archiveAudit.work');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return readArchiveAudit(tx, storeId, auditId);
  });
}

/** The store's audits, latest week first, with each week's result, and the week it is now. */
export async function listArchiveAudits({
  db,
  actor,
  storeId,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  now?: Date;
}): Promise<ArchiveAuditList> {
  assertStoreCan(actor, storeId, 'archiveAudit.work');
  return db.withTenant(actor.tenantId, async (tx) => {
    const currentWeek = await storeWeek(tx, storeId, now);
    const audits = await tx<{ id: string; week: string; weekStartsOn: string; drawnAt: string }[]>`
      select id, week, week_starts_on, drawn_at from archive_audits
      where store_id = ${storeId} order by week_starts_on desc limit 104`;
    const tallies = await results(
      tx,
      audits.map((a) => a.id),
    );
    return {
      currentWeek,
      items: audits.map((a) => {
        const result = tallies.get(a.id);
        if (!result) throw notFound('Archive audit');
        return { ...a, result };
      }),
    };
  });
}
