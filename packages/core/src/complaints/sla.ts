import type { ComplaintSlaDecision } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import type { LockedComplaint } from './access.ts';
import type { ClockRule } from './clocks.ts';
import type { ComplaintCategory, Department } from './schema.ts';

export interface SlaFacts {
  category: ComplaintCategory;
  severity: 'ordinary' | 'urgent';
  channel: 'callback' | 'walkIn' | 'phone' | 'letter' | 'email';
  repeat: boolean;
  relatedTo: 'sales' | 'afterSales' | null;
  vip: boolean;
}

export interface SlaDecision {
  /** null when no rule of the store sets clocks for this complaint. */
  rule: ClockRule | null;
  department: Department | null;
  ruleSetId: string | null;
  ruleSetVersion: number;
}

/**
 * Asks the store's effective complaintSla rule set for the clocks (running from `openedAt`)
 * and the default department. The one place a complaint's deadlines are decided.
 */
export async function decideComplaintSla(
  tx: Tx,
  tenantId: string,
  storeId: string,
  facts: SlaFacts,
  openedAt: string,
): Promise<SlaDecision> {
  const effective = await effectiveRuleSetOf(tx, tenantId, storeId, 'complaintSla');
  const decision: ComplaintSlaDecision = effective.compiled.decide(
    {
      complaint: {
        category: facts.category,
        severity: facts.severity,
        channel: facts.channel,
        repeat: facts.repeat,
        ...(facts.relatedTo ? { relatedTo: facts.relatedTo } : {}),
        openedAt,
      },
      customer: { vip: facts.vip },
    },
    openedAt,
  );
  return {
    rule: decision.clocks
      ? { clocks: decision.clocks, ruleSetId: effective.ruleSetId, ruleSetVersion: effective.version }
      : null,
    department: decision.department?.department ?? null,
    ruleSetId: effective.ruleSetId,
    ruleSetVersion: effective.version,
  };
}

/** The same decision for a recorded complaint, with its clocks running from `openedAt` (a reopen, a new round). */
export async function decideSlaFor(
  tx: Tx,
  tenantId: string,
  complaint: LockedComplaint,
  openedAt: string,
): Promise<SlaDecision> {
  const [customer] = complaint.customerId
    ? await tx<{ vip: boolean }[]>`select vip from customers where id = ${complaint.customerId}`
    : [];
  return decideComplaintSla(
    tx,
    tenantId,
    complaint.storeId,
    {
      category: complaint.category,
      severity: complaint.severity,
      channel: complaint.channel,
      repeat: complaint.isRepeat,
      relatedTo: complaint.relatedTo,
      vip: customer?.vip ?? false,
    },
    openedAt,
  );
}
