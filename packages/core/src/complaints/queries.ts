import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { limitedToOwnComplaints } from './access.ts';
import type {
  ClockView,
  Complaint,
  ComplaintListQuery,
  ComplaintPage,
  ComplaintSummary,
  PhraseWarning,
  TimelineEntry,
} from './schema.ts';

const clockColumns = (tx: Tx) =>
  tx`k.id, k.clock, k.round, k.started_at, k.due_at, k.done_at, k.breached_at, k.cancelled_at`;

/** The running clocks (latest round, not done, not stopped) of each complaint, soonest first. */
async function runningClocks(tx: Tx, complaintIds: string[]): Promise<Map<string, ClockView[]>> {
  const rows = await tx<(ClockView & { complaintId: string })[]>`
    select k.complaint_id, ${clockColumns(tx)} from complaint_clocks k
    where k.complaint_id = any(${complaintIds}::uuid[]) and k.done_at is null and k.cancelled_at is null
    order by k.due_at`;
  const byComplaint = new Map<string, ClockView[]>();
  for (const { complaintId, ...clock } of rows) {
    byComplaint.set(complaintId, [...(byComplaint.get(complaintId) ?? []), clock]);
  }
  return byComplaint;
}

const summaryColumns = (tx: Tx) => tx`
  c.id, c.store_id, c.case_no, c.channel, c.category, c.severity, c.state, c.is_repeat, c.complaint_count,
  c.complained_at, c.received_at, c.complainant_name, c.plate, c.department, c.responsible_user_id,
  u.name as responsible_name`;

/** The complaint with its timeline, re-calls and every clock, read inside the command's transaction. */
export async function readComplaintPage(
  tx: Tx,
  actor: Actor,
  storeId: string,
  complaintId: string,
  warnings: PhraseWarning[] = [],
): Promise<ComplaintPage> {
  const [row] = await tx<Omit<Complaint, 'clocks'>[]>`
    select ${summaryColumns(tx)}, c.related_to, c.repeat_of_id, c.occurred_at, c.received_by, c.customer_id,
      c.vehicle_id, c.repair_order_id, c.delivery_id, c.contact_person, c.gender, c.mobile, c.landline, c.email,
      c.address, c.postcode, c.vehicle_use, c.customer_overview, c.vehicle_model, c.vin, c.agreement_no,
      c.purchase_date, c.mileage_km, c.labour_description, c.repair_team, c.service_advisor, c.sales_info,
      c.customer_words, c.customer_demands, c.other_info, c.judged_at, c.not_upheld_reason,
      c.reply_to_customer, c.dispatched_at, c.dispatch_note, c.solution_plan, c.planned_at,
      c.department_answer, c.answered_at, c.customer_acceptance, c.review_opinion, c.result_summary,
      c.closed_at, c.closed_by, c.reopen_count, c.rule_set_id, c.rule_set_version
    from complaints c left join users u on u.id = c.responsible_user_id
    where c.id = ${complaintId} and c.store_id = ${storeId}`;
  const own = limitedToOwnComplaints(actor, storeId);
  if (!row || (own && row.responsibleUserId !== own)) throw notFound('Complaint');
  const allClocks = await tx<ClockView[]>`
    select ${clockColumns(tx)} from complaint_clocks k where k.complaint_id = ${complaintId}
    order by k.round, k.due_at`;
  const timeline = await tx<TimelineEntry[]>`
    select e.id, e.at, e.kind, e.actor_user_id, u.name as actor_name, e.details
    from complaint_events e left join users u on u.id = e.actor_user_id
    where e.complaint_id = ${complaintId} order by e.at, e.id`;
  const recalls = await tx<ComplaintPage['recalls']>`
    select id, outcome, note, called_by, called_at from complaint_recalls
    where complaint_id = ${complaintId} order by called_at`;
  const running = allClocks
    .filter((k) => !k.doneAt && !k.cancelledAt)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return {
    complaint: { ...row, clocks: running },
    timeline: [...timeline],
    recalls: [...recalls],
    allClocks: [...allClocks],
    warnings,
  };
}

export interface ComplaintQueryOptions {
  db: Database;
  actor: Actor;
  storeId: string;
}

export async function getComplaintPage({
  db,
  actor,
  storeId,
  complaintId,
}: ComplaintQueryOptions & { complaintId: string }): Promise<ComplaintPage> {
  assertStoreCan(actor, storeId, 'complaints.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return readComplaintPage(tx, actor, storeId, complaintId);
  });
}

/**
 * The complaint board (every state, or one) and, with `mine`, the department inbox: the
 * complaints the signed-in person is responsible for. A staff member only ever sees theirs.
 */
export async function listComplaints({
  db,
  actor,
  storeId,
  query,
}: ComplaintQueryOptions & { query: ComplaintListQuery }): Promise<ComplaintSummary[]> {
  assertStoreCan(actor, storeId, 'complaints.read');
  const own = limitedToOwnComplaints(actor, storeId);
  const mine = own ?? (query.mine === 'true' && actor.kind === 'user' ? actor.userId : null);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const rows = await tx<Omit<ComplaintSummary, 'clocks'>[]>`
      select ${summaryColumns(tx)} from complaints c left join users u on u.id = c.responsible_user_id
      where c.store_id = ${storeId}
        ${query.state ? tx`and c.state = ${query.state}` : tx``}
        ${mine ? tx`and c.responsible_user_id = ${mine}` : tx``}
      order by c.complained_at desc, c.id
      limit ${query.limit}`;
    const clocks = await runningClocks(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...r, clocks: clocks.get(r.id) ?? [] }));
  });
}
