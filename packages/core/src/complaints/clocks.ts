import type { ComplaintClocks } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import type { ClockName } from './schema.ts';
import { recordStep } from './timeline.ts';

export interface ClockRule {
  clocks: ComplaintClocks;
  ruleSetId: string | null;
  ruleSetVersion: number;
}

const dueOf = (clocks: ComplaintClocks, clock: ClockName): string =>
  clock === 'dispatch'
    ? clocks.dispatchBy
    : clock === 'plan'
      ? clocks.solutionPlanBy
      : clocks.departmentAnswerBy;

/**
 * When escalation step `step` of a clock fires: step 0 at the deadline, each further step
 * half the clock's length later (dispatch 30 min → department manager at 30, general
 * manager at 45; answer 48 h → at 48 and 72).
 */
export function escalationAt(dueAtMs: number, stepIntervalMs: number, step: number): number {
  return dueAtMs + step * stepIntervalMs;
}

/**
 * Starts the named clocks of a new round, from the rule's decision (its deadlines run from
 * the `openedAt` it was asked with), and requests one delayed job per escalation step in
 * the same transaction: if the command rolls back, no clock ever fires.
 */
export async function startClocks(
  tx: Tx,
  actor: Actor,
  {
    storeId,
    complaintId,
    names,
    rule,
    startedAt,
    now = new Date(),
  }: {
    storeId: string;
    complaintId: string;
    names: readonly ClockName[];
    rule: ClockRule;
    startedAt: string;
    now?: Date;
  },
): Promise<void> {
  const { clocks } = rule;
  for (const name of names) {
    const dueAt = dueOf(clocks, name);
    const lengthMs = Date.parse(dueAt) - Date.parse(startedAt);
    const stepIntervalMs = Math.max(1000, Math.round(lengthMs / 2));
    const [row] = await tx<{ id: string; round: number }[]>`
      insert into complaint_clocks (tenant_id, store_id, complaint_id, clock, round, started_at, due_at,
        step_interval_ms, escalation, rule_set_id, rule_set_version, rule_id)
      select ${actor.tenantId}, ${storeId}, ${complaintId}, ${name},
        coalesce(max(round), 0) + 1, ${startedAt}, ${dueAt}, ${stepIntervalMs}, ${clocks.escalation}::text[],
        ${rule.ruleSetId}, ${rule.ruleSetVersion}, ${clocks.decidedBy.ruleId}
      from complaint_clocks where complaint_id = ${complaintId} and clock = ${name}
      returning id, round`;
    if (!row) throw new Error('clock insert returned nothing');
    for (const [step] of clocks.escalation.entries()) {
      const fireAt = escalationAt(Date.parse(dueAt), stepIntervalMs, step);
      await enqueue(
        tx,
        actor.tenantId,
        'complaints.clock',
        { clockId: row.id, step },
        { delayMs: Math.max(0, fireAt - now.getTime()) },
      );
    }
    await recordStep(tx, actor, {
      storeId,
      complaintId,
      kind: 'clockStarted',
      details: { clock: name, round: row.round, dueAt, escalation: clocks.escalation },
    });
  }
}

/** Stops the running clock of this name: its step was done. Records whether it was in time. */
export async function completeClock(
  tx: Tx,
  actor: Actor,
  { storeId, complaintId, name }: { storeId: string; complaintId: string; name: ClockName },
): Promise<void> {
  const done = await tx<{ round: number; dueAt: string; doneAt: string }[]>`
    update complaint_clocks set done_at = now()
    where complaint_id = ${complaintId} and clock = ${name} and done_at is null and cancelled_at is null
    returning round, due_at, done_at`;
  for (const clock of done) {
    await recordStep(tx, actor, {
      storeId,
      complaintId,
      kind: 'clockDone',
      details: {
        clock: name,
        round: clock.round,
        dueAt: clock.dueAt,
        inTime: Date.parse(clock.doneAt) <= Date.parse(clock.dueAt),
      },
    });
  }
}

/** Stops every running clock of the complaint (closed, not upheld, or replaced by a new round). */
export async function cancelClocks(
  tx: Tx,
  complaintId: string,
  names: readonly ClockName[] = ['dispatch', 'plan', 'answer'],
): Promise<void> {
  await tx`
    update complaint_clocks set cancelled_at = now()
    where complaint_id = ${complaintId} and clock = any(${names as string[]}::text[])
      and done_at is null and cancelled_at is null`;
}
