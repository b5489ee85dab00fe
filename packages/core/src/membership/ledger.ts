import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { classificationFacts } from '../events/facts.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { tierFactsOf } from './nightly.ts';
import { findCard, storeDay, storeTiers } from './queries.ts';
import type { AdjustPointsInput, LedgerEntry, MemberCardPage } from './schema.ts';
import { tierProgress } from './tier-progress.ts';

/**
 * A source id made of several keys (an activity and the member who attended it, an account
 * and a day of expiry): the same keys always give the same uuid, so the ledger's unique key
 * on its source makes the posting idempotent.
 */
export function derivedSourceId(...keys: string[]): string {
  const hex = createHash('sha256').update(keys.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Locks the customer's points account (creating it at zero) and returns its balance, for a
 * command that decides on the balance before it posts (a redemption's message, a manager's
 * adjustment): concurrent debits of one account queue here and each sees the balance the
 * previous one left. `postEntries` locks the same row again, at no cost.
 */
export async function lockAccount(
  tx: Tx,
  tenantId: string,
  storeId: string,
  customerId: string,
): Promise<number> {
  const locked = () => tx<{ balance: number }[]>`
    select balance from points_accounts where customer_id = ${customerId} for update`;
  const [row] = await locked();
  if (row) return row.balance;
  await tx`
    insert into points_accounts (tenant_id, store_id, customer_id) values (${tenantId}, ${storeId}, ${customerId})
    on conflict do nothing`;
  const [created] = await locked();
  return created?.balance ?? 0;
}

export interface Posting {
  customerId: string;
  vehicleId: string | null;
  points: number;
  reason: string;
  sourceKind: string;
  sourceId: string;
  expiresOn?: string | null;
  ruleSetId?: string | null;
  ruleSetVersion?: number | null;
  ruleId?: string | null;
  actorUserId?: string | null;
  note?: string | null;
  /** 0 for a source's first entry; a correction of the same source and reason takes the next. */
  revision?: number;
}

/**
 * Appends entries and moves their customers' kept balances, in one statement (the ledger
 * is append-only: a change is a new entry); one already posted for the same source, reason
 * and revision is left as it is and moves nothing. Returns those written.
 *
 * This is the one place that writes the ledger, so each account's balance is the sum of its
 * entries by construction. The entries go in first; only then does the statement lock the
 * accounts they move, in customer order (concurrent writers queue on an account's row, each
 * seeing the balance the previous one left, and cannot deadlock on them), add each
 * customer's sum and open the accounts not yet there. So an account is held only from the
 * end of this statement to the commit. A debit past the balance fails the balance's check
 * (never below zero) and is refused as a CONFLICT on `points`; a command that must say by
 * how much locks the account first (`lockAccount`).
 */
export async function postEntries(
  tx: Tx,
  tenantId: string,
  storeId: string,
  postings: Posting[],
): Promise<LedgerEntry[]> {
  if (postings.length === 0) return [];
  const rows = postings.map((p) => ({
    customer_id: p.customerId,
    vehicle_id: p.vehicleId,
    points: p.points,
    reason: p.reason,
    source_kind: p.sourceKind,
    source_id: p.sourceId,
    expires_on: p.expiresOn ?? null,
    rule_set_id: p.ruleSetId ?? null,
    rule_set_version: p.ruleSetVersion ?? null,
    rule_id: p.ruleId ?? null,
    actor_user_id: p.actorUserId ?? null,
    note: p.note ?? null,
    revision: p.revision ?? 0,
  }));
  // Named apart so the accounts are found by their key, not by a scan joined to the entries.
  const customers = [...new Set(postings.map((p) => p.customerId))];
  try {
    return await tx<LedgerEntry[]>`
      with entry as (
        insert into points_entries (tenant_id, store_id, customer_id, vehicle_id, points, reason, source_kind,
          source_id, expires_on, rule_set_id, rule_set_version, rule_id, actor_user_id, note, revision)
        select ${tenantId}, ${storeId}, r.customer_id, r.vehicle_id, r.points, r.reason, r.source_kind, r.source_id,
          r.expires_on, r.rule_set_id, r.rule_set_version, r.rule_id, r.actor_user_id, r.note, r.revision
        from jsonb_to_recordset(${tx.json(rows)}) as r(customer_id uuid, vehicle_id uuid, points integer, reason text,
          source_kind text, source_id uuid, expires_on date, rule_set_id uuid, rule_set_version integer,
          rule_id text, actor_user_id uuid, note text, revision integer)
        order by r.customer_id, r.source_id, r.reason, r.revision
        on conflict (tenant_id, store_id, source_kind, source_id, reason, revision) do nothing
        returning ${entryColumns(tx)}, customer_id
      ),
      moved as (select customer_id, sum(points)::int as points from entry group by customer_id),
      locked as (
        select a.customer_id from points_accounts a
        where a.tenant_id = ${tenantId} and a.customer_id = any(${customers}::uuid[])
          and a.customer_id in (select customer_id from moved)
        order by a.customer_id
        for update
      ),
      kept as (
        update points_accounts a set balance = a.balance + m.points, updated_at = now()
        from moved m join locked l on l.customer_id = m.customer_id
        where a.tenant_id = ${tenantId} and a.customer_id = any(${customers}::uuid[]) and a.customer_id = m.customer_id
      ),
      opened as (
        insert into points_accounts as a (tenant_id, store_id, customer_id, balance)
        select ${tenantId}, ${storeId}, m.customer_id, m.points from moved m
        where not exists (select 1 from locked l where l.customer_id = m.customer_id)
        order by m.customer_id
        on conflict (tenant_id, customer_id) do update set balance = a.balance + excluded.balance, updated_at = now()
      )
      select ${entryColumns(tx)} from entry order by customer_id, source_id, reason, revision`;
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.constraint_name === 'points_accounts_balance_check')
      throw new AppError('CONFLICT', 'Not enough points: the balance cannot go below zero', [
        { path: 'points', message: 'more than the balance' },
      ]);
    throw error;
  }
}

const entryColumns = (tx: Tx) =>
  tx`id, points, reason, source_kind, source_id, revision, expires_on, note, rule_set_id, rule_set_version, rule_id,
    created_at`;

export interface PointsCommandOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  requestId?: string;
  now?: Date;
}

/** A manager's adjustment, with its reason; a debit may not take the balance below zero. */
export async function adjustPoints({
  db,
  actor,
  storeId,
  input,
  requestId,
}: PointsCommandOptions & { input: AdjustPointsInput }): Promise<{ posted: LedgerEntry[]; balance: number }> {
  assertStoreCan(actor, storeId, 'membership.manage');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    const card = await findCard(tx, storeId, input.cardId);
    const balance = await lockAccount(tx, actor.tenantId, storeId, card.customerId);
    if (balance + input.points < 0)
      throw new AppError('CONFLICT', `The balance is ${balance}; it cannot go below zero`, [
        { path: 'points', message: `at most ${balance} may be taken off` },
      ]);
    const posted = await postEntries(tx, actor.tenantId, storeId, [
      {
        customerId: card.customerId,
        vehicleId: card.vehicleId,
        points: input.points,
        reason: 'managerAdjustment',
        sourceKind: 'adjustment',
        sourceId: crypto.randomUUID(),
        actorUserId: actor.kind === 'user' ? actor.userId : null,
        note: input.reason,
      },
    ]);
    await recordAudit(
      tx,
      actor,
      {
        action: 'points.adjust',
        entity: 'memberCard',
        entityId: card.id,
        storeId,
        details: { points: input.points },
      },
      requestId,
    );
    return { posted, balance: balance + input.points };
  });
}

/** The card page: the card, its tier among the store's tiers, its history and the customer's ledger (newest first). */
export async function getMemberCardPage({
  db,
  actor,
  storeId,
  cardId,
}: Omit<PointsCommandOptions, 'now'> & { cardId: string }): Promise<MemberCardPage> {
  assertStoreCan(actor, storeId, 'membership.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    const { today } = await storeDay(tx, storeId, new Date());
    const card = await findCard(tx, storeId, cardId);
    const tiers = await storeTiers(tx, actor.tenantId, storeId);
    // Only an active card moves up; a page view reads the figures without locking the card.
    const [figures] = card.status === 'active' ? await tierFactsOf(tx, storeId, { cardId: card.id }) : [];
    const classification = await effectiveRuleSetOf(tx, actor.tenantId, storeId, 'classification');
    const progress = tierProgress(
      classification.compiled.ruleSet as Parameters<typeof tierProgress>[0],
      tiers,
      card.tier,
      figures ? classificationFacts(figures, today) : {},
    );
    const [vehicle] = await tx<{ cumulativeSpendFen: number }[]>`
      select cumulative_spend_fen::bigint as cumulative_spend_fen from vehicles where id = ${card.vehicleId}`;
    const history = await tx<MemberCardPage['history']>`
      select kind, card_no, fee_fen::int, from_tier, to_tier, valid_until, rule_set_id, rule_set_version, rule_id, at
      from member_card_events where card_id = ${cardId} order by at desc, id`;
    const ledger = await tx<LedgerEntry[]>`
      select ${entryColumns(tx)} from points_entries where customer_id = ${card.customerId}
      order by created_at desc, id limit 500`;
    return {
      card,
      tierLabel: tiers.find((t) => t.code === card.tier)?.label ?? card.tier,
      tiers,
      progress,
      cumulativeSpendFen: Number(vehicle?.cumulativeSpendFen ?? 0),
      history,
      ledger,
    };
  });
}
