import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { cardEligibility, validUntilFrom } from './eligibility.ts';
import { cardColumns, cardJoins, findCard, recordCardEvents, storeDay, storeTiers } from './queries.ts';
import type { IssueMemberCardInput, MemberCard } from './schema.ts';
import { feesOf } from './settings.ts';

export interface CardCommandOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  requestId?: string;
  /** The clock, for tests; defaults to now. */
  now?: Date;
}

const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** An active card may be renewed in its last 90 days; an expired one at any time. */
const renewWindowDays = 90;

/** The next card number of the store: its code and a running number (the settings row serialises issuance). */
async function nextCardNo(tx: Tx, tenantId: string, storeId: string, storeCode: string): Promise<string> {
  const [row] = await tx<{ lastCardSeq: number }[]>`
    insert into membership_settings as s (tenant_id, store_id, last_card_seq) values (${tenantId}, ${storeId}, 1)
    on conflict (tenant_id, store_id) do update set last_card_seq = s.last_card_seq + 1
    returning last_card_seq`;
  if (!row) throw new Error('card number sequence returned nothing');
  return `${storeCode}-${String(row.lastCardSeq).padStart(6, '0')}`;
}

/**
 * 办理会员卡: one card per car (一车一卡), for an owner aged 18 or over whose documents are
 * complete, valid three years from today (store-local), at the store's lowest tier unless
 * another is named; the joining fee (if the store charges one) is recorded with it.
 *
 * @example
 * const card = await issueMemberCard({ db, actor, storeId, input: { vehicleId, documents } });
 */
export async function issueMemberCard({
  db,
  actor,
  storeId,
  input,
  requestId,
  now = new Date(),
}: CardCommandOptions & { input: IssueMemberCardInput }): Promise<MemberCard> {
  assertStoreCan(actor, storeId, 'membership.serve');
  return db.withTenant(actor.tenantId, async (tx) => {
    const { code, today } = await storeDay(tx, storeId, now);
    const [vehicle] = await tx<
      { id: string; ownerId: string | null; birthday: string | null; idNumber: string | null }[]
    >`
      select v.id, v.current_owner_id as owner_id, cu.birthday, cu.id_number
      from vehicles v left join customers cu on cu.tenant_id = v.tenant_id and cu.id = v.current_owner_id
      where v.id = ${input.vehicleId} and v.store_id = ${storeId}
      for update of v`;
    if (!vehicle) throw notFound('Vehicle');
    const reasons = cardEligibility({
      owner: vehicle.ownerId ? { birthday: vehicle.birthday, idNumber: vehicle.idNumber } : null,
      documents: input.documents,
      today,
    });
    if (reasons.length > 0)
      throw new AppError(
        'INVALID_INPUT',
        `Not eligible for a member card: ${reasons.join(', ')}`,
        reasons.map((reason) => ({
          path: reason === 'documentsIncomplete' ? 'documents' : 'vehicleId',
          message: reason,
        })),
      );
    const [existing] = await tx<{ cardNo: string }[]>`
      select card_no from member_cards where vehicle_id = ${input.vehicleId} and status <> 'cancelled'`;
    if (existing)
      throw new AppError('CONFLICT', `This car already has card ${existing.cardNo} (一车一卡)`, [
        { path: 'vehicleId', message: 'already has a card' },
      ]);
    const tiers = await storeTiers(tx, actor.tenantId, storeId);
    const tier = input.tier ?? tiers[0]?.code;
    if (!tier || !tiers.some((t) => t.code === tier))
      throw new AppError('INVALID_INPUT', `Unknown tier ${tier}`, [
        { path: 'tier', message: `must be one of ${tiers.map((t) => t.code).join(', ')}` },
      ]);
    const cardNo = await nextCardNo(tx, actor.tenantId, storeId, code);
    const validUntil = validUntilFrom(today);
    const [card] = await tx<{ id: string }[]>`
      insert into member_cards (tenant_id, store_id, vehicle_id, customer_id, card_no, tier, issued_on, valid_until,
        created_by)
      values (${actor.tenantId}, ${storeId}, ${input.vehicleId}, ${vehicle.ownerId}, ${cardNo}, ${tier}, ${today},
        ${validUntil}, ${userIdOf(actor)})
      returning id`;
    if (!card) throw new Error('card insert returned nothing');
    const { joiningFeeFen } = await feesOf(tx, storeId);
    await recordCardEvents(
      tx,
      actor.tenantId,
      storeId,
      [
        {
          cardId: card.id,
          kind: 'issued',
          cardNo,
          feeFen: joiningFeeFen,
          toTier: tier,
          validUntil,
          actorUserId: userIdOf(actor),
        },
      ],
      now,
    );
    await recordAudit(
      tx,
      actor,
      { action: 'memberCard.issue', entity: 'memberCard', entityId: card.id, storeId },
      requestId,
    );
    return findCard(tx, storeId, card.id);
  });
}

type CardChange = (
  card: MemberCard,
  ctx: { tx: Tx; today: string; tenantId: string },
) => Promise<{
  set: { status?: MemberCard['status']; validUntil?: string; cardNo?: string };
  event: { kind: 'renewed' | 'reportedLost' | 'reissued' | 'cancelled'; feeFen?: number };
}>;

/** One change of a card's state, under the card's lock, with its history row and audit entry. */
function cardCommand(name: string, permission: 'membership.serve' | 'membership.manage', change: CardChange) {
  return async ({
    db,
    actor,
    storeId,
    cardId,
    requestId,
    now = new Date(),
  }: CardCommandOptions & { cardId: string }): Promise<MemberCard> => {
    assertStoreCan(actor, storeId, permission);
    return db.withTenant(actor.tenantId, async (tx) => {
      const { today } = await storeDay(tx, storeId, now);
      const card = await findCard(tx, storeId, cardId, { lock: true });
      const { set, event } = await change(card, { tx, today, tenantId: actor.tenantId });
      const status = set.status ?? card.status;
      const validUntil = set.validUntil ?? card.validUntil;
      const cardNo = set.cardNo ?? card.cardNo;
      await tx`
        update member_cards set status = ${status}, valid_until = ${validUntil}, card_no = ${cardNo}, updated_at = now()
        where id = ${cardId}`;
      await recordCardEvents(
        tx,
        actor.tenantId,
        storeId,
        [{ cardId, cardNo, validUntil, actorUserId: userIdOf(actor), ...event }],
        now,
      );
      await recordAudit(
        tx,
        actor,
        { action: `memberCard.${name}`, entity: 'memberCard', entityId: cardId, storeId },
        requestId,
      );
      return findCard(tx, storeId, cardId);
    });
  };
}

const conflict = (message: string) => new AppError('CONFLICT', message, [{ path: 'status', message }]);

const dayAfter = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * 续期: three more years — from today for an expired card, from the day after the current
 * end for an active card in its last 90 days (renewing early loses nothing).
 */
export const renewMemberCard = cardCommand('renew', 'membership.serve', async (card, { today }) => {
  const expired = card.status === 'expired' || card.validUntil < today;
  if (card.status !== 'active' && card.status !== 'expired')
    throw conflict(`A ${card.status} card cannot be renewed`);
  if (!expired && daysUntil(today, card.validUntil) > renewWindowDays)
    throw conflict(
      `The card is valid until ${card.validUntil}; renew it in its last ${renewWindowDays} days`,
    );
  return {
    set: { status: 'active', validUntil: validUntilFrom(expired ? today : dayAfter(card.validUntil)) },
    event: { kind: 'renewed' },
  };
});

function daysUntil(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** 挂失: the card stops giving discounts and redeeming until it is reissued. */
export const reportMemberCardLost = cardCommand('reportLost', 'membership.serve', async (card) => {
  if (card.status !== 'active' && card.status !== 'expired')
    throw conflict(`A ${card.status} card cannot be reported lost`);
  return { set: { status: 'lost' }, event: { kind: 'reportedLost' } };
});

/**
 * 补办: a lost (or damaged) card is replaced by a new number for the store's reissue fee;
 * tier, validity and points stay with the member.
 */
export const reissueMemberCard = cardCommand('reissue', 'membership.serve', async (card, ctx) => {
  if (card.status === 'cancelled') throw conflict('A cancelled card cannot be reissued');
  const [store] = await ctx.tx<{ code: string }[]>`select code from stores where id = ${card.storeId}`;
  const cardNo = await nextCardNo(ctx.tx, ctx.tenantId, card.storeId, store?.code ?? 'M');
  const { reissueFeeFen } = await feesOf(ctx.tx, card.storeId);
  return {
    set: { cardNo, status: card.validUntil < ctx.today ? 'expired' : 'active' },
    event: { kind: 'reissued', feeFen: reissueFeeFen },
  };
});

/** 注销: the membership ends; the car may be given a new card later. Points stay on the customer's account. */
export const cancelMemberCard = cardCommand('cancel', 'membership.manage', async (card) => {
  if (card.status === 'cancelled') throw conflict('The card is already cancelled');
  return { set: { status: 'cancelled' }, event: { kind: 'cancelled' } };
});

/** Members of a store, newest first, filtered by status or by card number, plate, VIN tail or name. */
export async function listMemberCards({
  db,
  actor,
  storeId,
  query,
}: Omit<CardCommandOptions, 'now'> & {
  query: { status?: MemberCard['status'] | undefined; q?: string | undefined; limit: number; offset: number };
}): Promise<{ items: MemberCard[]; total: number }> {
  assertStoreCan(actor, storeId, 'membership.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    const q = query.q ?? null;
    const where = tx`
      c.store_id = ${storeId}
      and (${query.status ?? null}::text is null or c.status = ${query.status ?? null})
      and (${q}::text is null or c.card_no = ${q} or v.plate = ${q} or right(v.vin, 6) = upper(${q})
        or cu.name like ${`${q ?? ''}%`})`;
    const items = await tx<MemberCard[]>`
      select ${cardColumns(tx)} from ${cardJoins(tx)} where ${where}
      order by c.created_at desc, c.id limit ${query.limit} offset ${query.offset}`;
    const [count] = await tx<{ n: number }[]>`select count(*)::int as n from ${cardJoins(tx)} where ${where}`;
    return { items, total: count?.n ?? 0 };
  });
}
