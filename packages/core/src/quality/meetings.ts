import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { selectItems } from './items.ts';
import type {
  QualityMeeting,
  QualityMeetingSummary,
  QualityPack,
  RecordQualityMeetingInput,
} from './schema.ts';

const summaryColumns = (tx: Tx) => tx`
  m.id, m.store_id, m.month, m.period_from as "from", m.period_to as "to", m.prepared_at, m.held_on,
  (select count(*)::int from jsonb_array_elements(m.pack->'entries') e where (e->>'weak')::boolean) as weak_count,
  (select count(*)::int from quality_items i where i.meeting_id = m.id) as item_count`;

/** The store's improvement meetings (改善讨论会), one per closed month, newest first. */
export async function listQualityMeetings({
  db,
  actor,
  storeId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
}): Promise<QualityMeetingSummary[]> {
  assertStoreCan(actor, storeId, 'quality.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return tx<QualityMeetingSummary[]>`
      select ${summaryColumns(tx)} from quality_meetings m
      where m.store_id = ${storeId} order by m.month desc limit 120`;
  });
}

export interface GetQualityMeetingOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  meetingId: string;
  now?: Date;
}

async function selectMeeting(tx: Tx, storeId: string, meetingId: string, now: Date): Promise<QualityMeeting> {
  const [meeting] = await tx<(QualityMeeting['meeting'] & { pack: QualityPack; timeZone: string })[]>`
    select ${summaryColumns(tx)}, m.attendees, m.minutes, m.pack, m.recorded_at, s.time_zone,
      case when r.id is null then null else json_build_object('id', r.id, 'name', r.name) end as recorded_by
    from quality_meetings m join stores s on s.id = m.store_id left join users r on r.id = m.recorded_by
    where m.id = ${meetingId} and m.store_id = ${storeId}`;
  if (!meeting) throw notFound('Meeting');
  const { pack, timeZone, ...summary } = meeting;
  const people = await tx<{ id: string; name: string }[]>`
    select distinct u.id, u.name from users u join role_assignments r on r.user_id = u.id
    where r.store_id = ${storeId} and u.active order by u.name, u.id`;
  const items = await selectItems(tx, storeId, localDate(now, timeZone), { meetingId });
  return { meeting: summary, pack, items, people };
}

/** One meeting: its pack (weak items against the previous month), the record, the items raised from it. */
export async function getQualityMeeting({
  db,
  actor,
  storeId,
  meetingId,
  now = new Date(),
}: GetQualityMeetingOptions): Promise<QualityMeeting> {
  assertStoreCan(actor, storeId, 'quality.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return selectMeeting(tx, storeId, meetingId, now);
  });
}

/** The manager records the meeting: when it was held, who attended, the minutes (会议纪要). */
export async function recordQualityMeeting({
  db,
  actor,
  storeId,
  meetingId,
  input,
  now = new Date(),
  requestId,
}: GetQualityMeetingOptions & {
  input: RecordQualityMeetingInput;
  requestId?: string;
}): Promise<QualityMeeting> {
  assertStoreCan(actor, storeId, 'quality.manage');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [meeting] = await tx<{ from: string; timeZone: string }[]>`
      select m.period_from as "from", s.time_zone from quality_meetings m join stores s on s.id = m.store_id
      where m.id = ${meetingId} and m.store_id = ${storeId} for update of m`;
    if (!meeting) throw notFound('Meeting');
    if (input.heldOn < meeting.from)
      throw invalid('heldOn', 'must not be before the month the meeting reviews');
    if (input.heldOn > localDate(now, meeting.timeZone)) throw invalid('heldOn', 'must not be in the future');
    await tx`
      update quality_meetings set held_on = ${input.heldOn}, attendees = ${input.attendees}::text[],
        minutes = ${input.minutes}, recorded_by = ${user.userId}, recorded_at = now()
      where id = ${meetingId}`;
    await recordAudit(
      tx,
      actor,
      { action: 'quality.recordMeeting', entity: 'qualityMeeting', entityId: meetingId, storeId },
      requestId,
    );
    return selectMeeting(tx, storeId, meetingId, now);
  });
}
