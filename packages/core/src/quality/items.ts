import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { qualityRules } from './close-month.ts';
import type {
  QualityItem,
  QualityItemQuery,
  QualityPack,
  RaiseQualityItemInput,
  UpdateQualityItemInput,
} from './schema.ts';
import { trackEffect } from './track-effect.ts';

interface ItemFilter {
  meetingId?: string;
  itemId?: string;
  query?: QualityItemQuery;
}

/** The store's improvement items with their closed months' figures, newest month first. */
export async function selectItems(tx: Tx, storeId: string, today: string, filter: ItemFilter = {}) {
  const { meetingId, itemId, query } = filter;
  const state = query?.state;
  const rows = await tx<(Omit<QualityItem, 'overdue' | 'verdict'> & { ownerName: string })[]>`
    select i.id, i.store_id, i.meeting_id, i.month, i.subject, i.cause, i.measures,
      json_build_object('id', u.id, 'name', u.name) as owner, i.due_on, i.completed_on, i.completion_note,
      i.created_at,
      coalesce((select json_agg(json_build_object('offset', f.month_offset, 'month', f.month, 'from', f.period_from,
          'to', f.period_to, 'figure', f.figure, 'answered', f.answered, 'verdict', f.verdict, 'filledAt', f.filled_at)
          order by f.month_offset)
        from quality_item_figures f where f.item_id = i.id), '[]') as figures
    from quality_items i join users u on u.id = i.owner_user_id
    where i.store_id = ${storeId}
      ${meetingId ? tx`and i.meeting_id = ${meetingId}` : tx``}
      ${itemId ? tx`and i.id = ${itemId}` : tx``}
      ${query?.month ? tx`and i.month = ${query.month}` : tx``}
      ${state === 'completed' ? tx`and i.completed_on is not null` : tx``}
      ${state === 'open' ? tx`and i.completed_on is null` : tx``}
      ${state === 'overdue' ? tx`and i.completed_on is null and i.due_on < ${today}` : tx``}
    order by i.month desc, i.created_at, i.id
    limit 1000`;
  return rows.map(
    (row): QualityItem => ({
      id: row.id,
      storeId: row.storeId,
      meetingId: row.meetingId,
      month: row.month,
      subject: row.subject,
      cause: row.cause,
      measures: row.measures,
      owner: row.owner,
      dueOn: row.dueOn,
      completedOn: row.completedOn,
      completionNote: row.completionNote,
      overdue: row.completedOn === null && row.dueOn < today,
      // Figures come back from json as ISO date strings already; the latest verdict is the last month's.
      figures: row.figures,
      verdict: row.figures.filter((f) => f.offset > 0).at(-1)?.verdict ?? null,
      createdAt: row.createdAt,
    }),
  );
}

async function storeToday(tx: Tx, storeId: string, now: Date): Promise<string> {
  const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
  if (!store) throw notFound('Store');
  return localDate(now, store.timeZone);
}

/** An owner must be a person with a role at this store. */
async function assertStoreUser(tx: Tx, storeId: string, userId: string): Promise<void> {
  const [row] = await tx`
    select 1 from users u join role_assignments r on r.user_id = u.id
    where u.id = ${userId} and u.active and r.store_id = ${storeId} limit 1`;
  if (!row) throw invalid('ownerUserId', 'must be an active user of this store');
}

export interface ListQualityItemsOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: QualityItemQuery;
  now?: Date;
}

/** The store's improvement items (EQC整改项目跟踪表) with month +1 … +3 figures and verdicts. */
export async function listQualityItems({
  db,
  actor,
  storeId,
  query,
  now = new Date(),
}: ListQualityItemsOptions): Promise<QualityItem[]> {
  assertStoreCan(actor, storeId, 'quality.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return selectItems(tx, storeId, await storeToday(tx, storeId, now), { query });
  });
}

export interface RaiseQualityItemOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  meetingId: string;
  input: RaiseQualityItemInput;
  now?: Date;
  requestId?: string;
}

/**
 * Turns a weak item of a meeting's pack into an improvement item (EQC整改项目): cause,
 * measures, an owner of this store and a due date. Its raised-month figure is written at
 * once (that month has closed); months +1 … +3 follow as they close. One item per weak
 * subject and meeting.
 */
export async function raiseQualityItem({
  db,
  actor,
  storeId,
  meetingId,
  input,
  now = new Date(),
  requestId,
}: RaiseQualityItemOptions): Promise<QualityItem> {
  assertStoreCan(actor, storeId, 'quality.manage');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [meeting] = await tx<{ month: string; pack: QualityPack }[]>`
      select month, pack from quality_meetings where id = ${meetingId} and store_id = ${storeId}`;
    if (!meeting) throw notFound('Meeting');
    const entry = meeting.pack.entries.find((e) => e.key === input.subjectKey);
    if (!entry?.weak) throw invalid('subjectKey', "is not a weak item of this meeting's pack");
    await assertStoreUser(tx, storeId, input.ownerUserId);
    const { key, kind, callbackType, itemId, itemType, personId, label, measure } = entry;
    const subject = { key, kind, callbackType, itemId, itemType, personId, label, measure };
    const [row] = await tx<{ id: string }[]>`
      insert into quality_items (tenant_id, store_id, meeting_id, month, subject_key, subject, cause, measures,
        owner_user_id, due_on, created_by)
      values (${actor.tenantId}, ${storeId}, ${meetingId}, ${meeting.month}, ${key}, ${tx.json(subject)},
        ${input.cause}, ${input.measures}, ${input.ownerUserId}, ${input.dueOn}, ${user.userId})
      on conflict do nothing
      returning id`;
    if (!row)
      throw new AppError('CONFLICT', 'An improvement item was already raised from this weak item', [
        { path: 'subjectKey', message: 'already has an improvement item in this meeting' },
      ]);
    const at = now.toISOString();
    const { rules, closeDay } = await qualityRules(tx, actor.tenantId, storeId, at);
    await trackEffect(tx, {
      tenantId: actor.tenantId,
      storeId,
      closedMonth: meeting.month,
      closeDay,
      rules,
      now: at,
      itemId: row.id,
    });
    await recordAudit(
      tx,
      actor,
      { action: 'quality.raiseItem', entity: 'qualityItem', entityId: row.id, storeId, details: { key } },
      requestId,
    );
    const [item] = await selectItems(tx, storeId, await storeToday(tx, storeId, now), { itemId: row.id });
    if (!item) throw new Error('improvement item vanished');
    return item;
  });
}

export interface UpdateQualityItemOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  itemId: string;
  input: UpdateQualityItemInput;
  now?: Date;
  requestId?: string;
}

/** Edits an improvement item: cause, measures, owner, due date, and its completion (整改完成). */
export async function updateQualityItem({
  db,
  actor,
  storeId,
  itemId,
  input,
  now = new Date(),
  requestId,
}: UpdateQualityItemOptions): Promise<QualityItem> {
  assertStoreCan(actor, storeId, 'quality.manage');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [current] = await tx<{ id: string }[]>`
      select id from quality_items where id = ${itemId} and store_id = ${storeId} for update`;
    if (!current) throw notFound('Improvement item');
    const today = await storeToday(tx, storeId, now);
    if (input.ownerUserId !== undefined) await assertStoreUser(tx, storeId, input.ownerUserId);
    if (input.completedOn && input.completedOn > today)
      throw invalid('completedOn', 'must not be in the future');
    await tx`
      update quality_items set
        cause = coalesce(${input.cause ?? null}, cause),
        measures = coalesce(${input.measures ?? null}, measures),
        owner_user_id = coalesce(${input.ownerUserId ?? null}::uuid, owner_user_id),
        due_on = coalesce(${input.dueOn ?? null}::date, due_on),
        ${input.dueOn !== undefined ? tx`overdue_notified_on = null,` : tx``}
        ${input.completedOn !== undefined ? tx`completed_on = ${input.completedOn}::date,` : tx``}
        completion_note = coalesce(${input.completionNote ?? null}, completion_note),
        updated_at = now()
      where id = ${itemId}`;
    await recordAudit(
      tx,
      actor,
      { action: 'quality.updateItem', entity: 'qualityItem', entityId: itemId, storeId },
      requestId,
    );
    const [item] = await selectItems(tx, storeId, today, { itemId });
    if (!item) throw new Error('improvement item vanished');
    return item;
  });
}
