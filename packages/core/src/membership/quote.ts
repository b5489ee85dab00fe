import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { findCard, storeDay } from './queries.ts';
import type { OrderQuote, OrderQuoteInput } from './schema.ts';

/**
 * Shares `total` out over `amounts` in proportion, to the fen, so the parts add up to the
 * total exactly (largest remainder; ties to the earlier line).
 */
export function apportion(total: number, amounts: number[]): number[] {
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (sum === 0) return amounts.map(() => 0);
  const exact = amounts.map((a) => (total * a) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

/** The DMS's own token may quote for its store; people need `membership.quote` there. */
function assertMayQuote(actor: Actor, storeId: string): void {
  if (actor.kind === 'token') {
    if (actor.storeId !== storeId) throw notFound('Store');
    return;
  }
  assertStoreCan(actor, storeId, 'membership.quote');
}

/**
 * The member discount on an order before payment, as the store's `discountTier` rules decide
 * it: one grant at most (never stacked), none on accident/insurance repairs, none unless the
 * card was presented, none on an expired card. The labour and parts discounts the rule gives
 * are shared out over the order's lines, each line citing the rule. A lost or cancelled card
 * counts as no card.
 *
 * @example
 * const quote = await quoteOrder({ db, actor, storeId, input: { orderTypes: ['maintenance'], payer: 'self',
 *   lines: [{ kind: 'labour', description: '更换机油', amountFen: 20000 }], cardId, cardPresented: true } });
 */
export async function quoteOrder({
  db,
  actor,
  storeId,
  input,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  input: OrderQuoteInput;
  now?: Date;
}): Promise<OrderQuote> {
  assertMayQuote(actor, storeId);
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, now);
    const card = input.cardId ? await findCard(tx, storeId, input.cardId) : null;
    const labourFen = sumOf(input.lines, 'labour');
    const partsFen = sumOf(input.lines, 'parts');
    const base = {
      labourFen,
      partsFen,
      member: card ? { cardNo: card.cardNo, tier: card.tier, status: card.status } : null,
    };
    const none = (denied: OrderQuote['denied']): OrderQuote => ({
      ...base,
      discountLines: [],
      totalDiscountFen: 0,
      payableFen: labourFen + partsFen,
      fastLane: false,
      denied,
    });
    if (card && (card.status === 'lost' || card.status === 'cancelled'))
      return none({
        reason: card.status === 'lost' ? 'cardLost' : 'cardCancelled',
        ruleId: null,
        ruleName: null,
      });

    const rules = await effectiveRuleSetOf(tx, actor.tenantId, storeId, 'discountTier');
    const decision = rules.compiled.decide(
      {
        ...(card
          ? {
              member: {
                tier: card.tier,
                cardPresented: input.cardPresented,
                cardValidUntil: card.validUntil,
              },
            }
          : {}),
        order: { types: input.orderTypes, payer: input.payer, labourFen, partsFen },
      },
      now.toISOString(),
    );
    if (decision.denied)
      return none({
        reason: decision.denied.reason,
        ruleId: decision.denied.decidedBy.ruleId,
        ruleName: decision.denied.decidedBy.ruleName,
      });
    const discount = decision.discount;
    if (!discount) return none(card ? null : { reason: 'noCard', ruleId: null, ruleName: null });

    const lines: OrderQuote['discountLines'] = [];
    for (const kind of ['labour', 'parts'] as const) {
      const indexed = input.lines
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => line.kind === kind);
      const total = kind === 'labour' ? discount.labourDiscountFen : discount.partsDiscountFen;
      const percentOff = kind === 'labour' ? discount.labourPercentOff : discount.partsPercentOff;
      const shares = apportion(
        total,
        indexed.map(({ line }) => line.amountFen),
      );
      indexed.forEach(({ line, index }, i) => {
        const discountFen = shares[i] ?? 0;
        if (discountFen === 0) return;
        lines.push({
          lineIndex: index,
          kind,
          description: line.description,
          amountFen: line.amountFen,
          percentOff,
          discountFen,
          ruleSetId: rules.ruleSetId,
          ruleSetVersion: rules.version,
          ruleId: discount.decidedBy.ruleId,
          ruleName: discount.decidedBy.ruleName,
        });
      });
    }
    lines.sort((a, b) => a.lineIndex - b.lineIndex);
    const totalDiscountFen = discount.labourDiscountFen + discount.partsDiscountFen;
    return {
      ...base,
      discountLines: lines,
      totalDiscountFen,
      payableFen: labourFen + partsFen - totalDiscountFen,
      fastLane: discount.fastLane,
      denied: null,
    };
  });
}

function sumOf(lines: OrderQuoteInput['lines'], kind: 'labour' | 'parts'): number {
  return lines.filter((l) => l.kind === kind).reduce((sum, l) => sum + l.amountFen, 0);
}
