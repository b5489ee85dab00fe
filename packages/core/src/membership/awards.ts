import { type AwardCap, awardPeriodStart } from '@crm/rules';
import { recordAudit } from '../audit/record.ts';
import type { Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan, canAtStore } from '../identity/actor.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { derivedSourceId, lockAccount, type PointsCommandOptions, postEntries } from './ledger.ts';
import { findCard, storeDay } from './queries.ts';
import type {
  AwardOutcome,
  AwardPointsInput,
  AwardRequestQuery,
  LedgerEntry,
  PointsAwardRequest,
  RejectAwardInput,
} from './schema.ts';

/**
 * 会员活动 and 合理化建议 points. Anyone serving members may ask for an award; it posts only
 * once a manager (membership.approveAwards) approves it — at once when the one asking may
 * approve — and never past the store's award cap per member and period (points rules).
 * The same activity or suggestion for the same member is one request and earns once,
 * however often it is sent or approved.
 */
export async function awardPoints({
  db,
  actor,
  storeId,
  input,
  requestId,
  now = new Date(),
}: PointsCommandOptions & { input: AwardPointsInput }): Promise<AwardOutcome> {
  assertStoreCan(actor, storeId, 'membership.serve');
  const approves = canAtStore(actor, storeId, 'membership.approveAwards');
  return db.withTenant(actor.tenantId, async (tx) => {
    const { today } = await storeDay(tx, storeId, now);
    const card = await findCard(tx, storeId, input.cardId);
    if (card.status !== 'active')
      throw new AppError('CONFLICT', `A ${card.status} card earns no points`, [
        { path: 'cardId', message: `card is ${card.status}` },
      ]);
    const earlier = await requestBySource(tx, storeId, card.customerId, input.kind, input.sourceId);
    if (earlier) return { request: earlier, posted: [], balance: card.balance };

    const rules = await effectiveRuleSetOf(tx, actor.tenantId, storeId, 'points');
    const decision = rules.compiled.decide(
      {
        eventType: input.kind,
        ...(input.kind === 'memberActivity' && input.requestedPoints !== undefined
          ? { activity: { requestedPoints: input.requestedPoints } }
          : {}),
        member: { tier: card.tier },
      },
      now.toISOString(),
    );
    if (decision.totalPoints === 0)
      throw new AppError('CONFLICT', "The store's points rules award nothing for this", [
        { path: 'kind', message: '本店积分规则对此不赠送积分' },
      ]);
    // The cap is checked against the balance's lock, so two awards at once cannot both fit.
    if (approves) await lockAccount(tx, actor.tenantId, storeId, card.customerId);
    await assertWithinCap(tx, storeId, card.customerId, decision.awardCap, today, decision.totalPoints);

    const [row] = await tx<{ id: string }[]>`
      insert into points_award_requests (tenant_id, store_id, card_id, customer_id, kind, source_id, entries, points,
        expire_after_months, rule_set_id, rule_set_version, note, status, requested_by, decided_by, decided_at)
      values (${actor.tenantId}, ${storeId}, ${card.id}, ${card.customerId}, ${input.kind}, ${input.sourceId},
        ${tx.json(decision.entries.map((e) => ({ points: e.points, reason: e.reason, ruleId: e.decidedBy.ruleId })))},
        ${decision.totalPoints}, ${decision.expireAfterMonths}, ${rules.ruleSetId}, ${rules.version},
        ${input.note ?? null}, ${approves ? 'approved' : 'pending'}, ${userIdOf(actor)},
        ${approves ? userIdOf(actor) : null}, ${approves ? now.toISOString() : null})
      on conflict (tenant_id, store_id, customer_id, kind, source_id) do nothing
      returning id`;
    // Sent twice at once: the other copy made the request.
    if (!row) {
      const made = await requestBySource(tx, storeId, card.customerId, input.kind, input.sourceId);
      if (!made) throw new Error('award request vanished');
      return { request: made, posted: [], balance: card.balance };
    }
    const posted = approves ? await postAward(tx, actor, storeId, row.id, today) : [];
    await recordAudit(
      tx,
      actor,
      {
        action: approves ? 'points.award' : 'points.awardRequested',
        entity: 'memberCard',
        entityId: card.id,
        storeId,
        details: { kind: input.kind, request: row.id, points: decision.totalPoints },
      },
      requestId,
    );
    return outcome(tx, storeId, row.id, card.id, posted);
  });
}

/** The store's award requests in one state (pending first in line: oldest first). */
export async function listAwardRequests({
  db,
  actor,
  storeId,
  query,
}: Omit<PointsCommandOptions, 'now'> & { query: AwardRequestQuery }): Promise<PointsAwardRequest[]> {
  assertStoreCan(actor, storeId, 'membership.serve');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    return tx<PointsAwardRequest[]>`
      select ${requestColumns(tx)} from ${requestJoins(tx)}
      where r.store_id = ${storeId} and r.status = ${query.status}
      order by r.requested_at ${query.status === 'pending' ? tx`asc` : tx`desc`}, r.id
      limit ${query.limit}`;
  });
}

/**
 * A manager approves a pending award: its entries post once, within the cap as it stands
 * now. Approving it again returns it as it is, posting nothing more.
 */
export async function approveAwardRequest({
  db,
  actor,
  storeId,
  awardRequestId,
  requestId,
  now = new Date(),
}: PointsCommandOptions & { awardRequestId: string }): Promise<AwardOutcome> {
  assertStoreCan(actor, storeId, 'membership.approveAwards');
  return db.withTenant(actor.tenantId, async (tx) => {
    const { today } = await storeDay(tx, storeId, now);
    const request = await lockedRequest(tx, storeId, awardRequestId);
    if (request.status === 'approved') return outcome(tx, storeId, request.id, request.cardId, []);
    if (request.status === 'rejected')
      throw new AppError('CONFLICT', 'This award was rejected', [
        { path: 'awardRequestId', message: '该积分奖励申请已被驳回' },
      ]);
    const card = await findCard(tx, storeId, request.cardId);
    if (card.status !== 'active')
      throw new AppError('CONFLICT', `A ${card.status} card earns no points`, [
        { path: 'cardId', message: `card is ${card.status}` },
      ]);
    await lockAccount(tx, actor.tenantId, storeId, request.customerId);
    const rules = await effectiveRuleSetOf(tx, actor.tenantId, storeId, 'points');
    const { awardCap } = rules.compiled.decide({ eventType: request.kind }, now.toISOString());
    await assertWithinCap(tx, storeId, request.customerId, awardCap, today, request.points);
    await tx`
      update points_award_requests set status = 'approved', decided_by = ${userIdOf(actor)}, decided_at = ${now.toISOString()}
      where id = ${request.id}`;
    const posted = await postAward(tx, actor, storeId, request.id, today);
    await recordAudit(
      tx,
      actor,
      {
        action: 'points.award',
        entity: 'memberCard',
        entityId: card.id,
        storeId,
        details: { kind: request.kind, request: request.id, points: request.points },
      },
      requestId,
    );
    return outcome(tx, storeId, request.id, card.id, posted);
  });
}

/** A manager turns a pending award down, with the reason; rejecting it again changes nothing. */
export async function rejectAwardRequest({
  db,
  actor,
  storeId,
  awardRequestId,
  input,
  requestId,
  now = new Date(),
}: PointsCommandOptions & { awardRequestId: string; input: RejectAwardInput }): Promise<AwardOutcome> {
  assertStoreCan(actor, storeId, 'membership.approveAwards');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, now);
    const request = await lockedRequest(tx, storeId, awardRequestId);
    if (request.status === 'approved')
      throw new AppError('CONFLICT', 'This award was approved and its points posted', [
        { path: 'awardRequestId', message: '该积分奖励已批准并入账' },
      ]);
    if (request.status === 'pending') {
      await tx`
        update points_award_requests set status = 'rejected', decided_by = ${userIdOf(actor)},
          decided_at = ${now.toISOString()}, decision_note = ${input.reason}
        where id = ${request.id}`;
      await recordAudit(
        tx,
        actor,
        {
          action: 'points.awardRejected',
          entity: 'memberCard',
          entityId: request.cardId,
          storeId,
          details: { request: request.id, reason: input.reason },
        },
        requestId,
      );
    }
    return outcome(tx, storeId, request.id, request.cardId, []);
  });
}

const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

const sourceKinds = { memberActivity: 'activityAttendance', suggestionAccepted: 'suggestion' } as const;

/**
 * Refuses an award that would take the member's awards in the cap's period past it. Counts
 * what was posted (pending requests earn nothing until approved); the period's first day
 * is the store's date.
 */
async function assertWithinCap(
  tx: Tx,
  storeId: string,
  customerId: string,
  cap: AwardCap,
  today: string,
  points: number,
): Promise<void> {
  if (!cap) return;
  const start = awardPeriodStart(cap.period, today);
  const [awarded] = await tx<{ points: number }[]>`
    select coalesce(sum(e.points), 0)::int as points
    from points_entries e join stores s on s.tenant_id = e.tenant_id and s.id = ${storeId}
    where e.customer_id = ${customerId} and e.source_kind in ('activityAttendance', 'suggestion')
      and e.created_at >= (${start}::date)::timestamp at time zone s.time_zone`;
  const already = awarded?.points ?? 0;
  if (already + points <= cap.points) return;
  const period = { month: '本月', quarter: '本季度', year: '本年' }[cap.period];
  throw new AppError(
    'CONFLICT',
    `Awards are capped at ${cap.points} points a ${cap.period}; this member has ${already} since ${start}`,
    [
      {
        path: 'points',
        message: `超出${period}奖励积分上限：上限 ${cap.points} 分，已得 ${already} 分，本次 ${points} 分`,
      },
    ],
  );
}

/** Posts an approved request's entries, keyed on its activity or suggestion and the member. */
async function postAward(
  tx: Tx,
  actor: Actor,
  storeId: string,
  awardRequestId: string,
  today: string,
): Promise<LedgerEntry[]> {
  const [request] = await tx<
    {
      customerId: string;
      vehicleId: string;
      kind: AwardPointsInput['kind'];
      sourceId: string;
      entries: { points: number; reason: string; ruleId: string | null }[];
      expireAfterMonths: number | null;
      ruleSetId: string | null;
      ruleSetVersion: number | null;
      note: string | null;
    }[]
  >`
    select r.customer_id, c.vehicle_id, r.kind, r.source_id, r.entries, r.expire_after_months, r.rule_set_id,
      r.rule_set_version, r.note
    from points_award_requests r join member_cards c on c.tenant_id = r.tenant_id and c.id = r.card_id
    where r.id = ${awardRequestId}`;
  if (!request) throw notFound('Award request');
  const expiresOn = request.expireAfterMonths ? monthsAfter(today, request.expireAfterMonths) : null;
  return postEntries(
    tx,
    actor.tenantId,
    storeId,
    request.entries.map((entry) => ({
      customerId: request.customerId,
      vehicleId: request.vehicleId,
      points: entry.points,
      reason: entry.reason,
      sourceKind: sourceKinds[request.kind],
      sourceId: derivedSourceId(request.sourceId, request.customerId),
      expiresOn,
      ruleSetId: request.ruleSetId,
      ruleSetVersion: request.ruleSetVersion,
      ruleId: entry.ruleId,
      actorUserId: userIdOf(actor),
      note: request.note,
    })),
  );
}

const monthsAfter = (date: string, months: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

async function lockedRequest(tx: Tx, storeId: string, id: string) {
  const [request] = await tx<
    {
      id: string;
      cardId: string;
      customerId: string;
      kind: AwardPointsInput['kind'];
      points: number;
      status: PointsAwardRequest['status'];
    }[]
  >`
    select id, card_id, customer_id, kind, points, status from points_award_requests
    where id = ${id} and store_id = ${storeId}
    for update`;
  if (!request) throw notFound('Award request');
  return request;
}

const requestColumns = (tx: Tx) => tx`
  r.id, r.card_id, c.card_no, cu.name as customer_name, r.kind, r.source_id, r.points, r.note, r.status,
  rq.name as requested_by, r.requested_at, d.name as decided_by, r.decided_at, r.decision_note`;
const requestJoins = (tx: Tx) => tx`
  points_award_requests r
  join member_cards c on c.tenant_id = r.tenant_id and c.id = r.card_id
  join customers cu on cu.tenant_id = r.tenant_id and cu.id = r.customer_id
  left join users rq on rq.tenant_id = r.tenant_id and rq.id = r.requested_by
  left join users d on d.tenant_id = r.tenant_id and d.id = r.decided_by`;

async function requestBySource(
  tx: Tx,
  storeId: string,
  customerId: string,
  kind: AwardPointsInput['kind'],
  sourceId: string,
): Promise<PointsAwardRequest | undefined> {
  const [request] = await tx<PointsAwardRequest[]>`
    select ${requestColumns(tx)} from ${requestJoins(tx)}
    where r.store_id = ${storeId} and r.customer_id = ${customerId} and r.kind = ${kind} and r.source_id = ${sourceId}`;
  return request;
}

async function outcome(
  tx: Tx,
  storeId: string,
  awardRequestId: string,
  cardId: string,
  posted: LedgerEntry[],
): Promise<AwardOutcome> {
  const [request] = await tx<PointsAwardRequest[]>`
    select ${requestColumns(tx)} from ${requestJoins(tx)} where r.id = ${awardRequestId}`;
  if (!request) throw notFound('Award request');
  return { request, posted, balance: (await findCard(tx, storeId, cardId)).balance };
}
